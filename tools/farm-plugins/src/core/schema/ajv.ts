import Ajv, { type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { semverFormats } from './formats';

/** The options every FARM ajv is created with (the precompiled validators use them too). */
// ownProperties: a config key named like an Object.prototype member (toString) is just a key.
export const ajvOptions = { allErrors: true, strict: false, allowUnionTypes: true, ownProperties: true } as const;

/** One ajv for every schema check in FARM (draft-07), with semver formats. */
export function createAjv(options: { useDefaults?: boolean; code?: Options['code'] } = {}): Ajv {
  const ajv = new Ajv({ ...ajvOptions, ...options });
  addFormats(ajv);
  ajv.addFormat('semver', semverFormats.semver);
  ajv.addFormat('semver-range', semverFormats['semver-range']);
  return ajv;
}

let shared: Ajv | undefined;
export function sharedAjv(): Ajv {
  return (shared ??= createAjv());
}

export type { ErrorObject, ValidateFunction };
