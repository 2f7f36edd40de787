import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import * as semver from 'semver';

/** One ajv for every schema check in FARM (draft-07), with semver formats. */
export function createAjv(options: { useDefaults?: boolean } = {}): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, ...options });
  addFormats(ajv);
  ajv.addFormat('semver', (v: string) => semver.valid(v) !== null);
  ajv.addFormat('semver-range', (v: string) => semver.validRange(v) !== null);
  return ajv;
}

let shared: Ajv | undefined;
export function sharedAjv(): Ajv {
  return (shared ??= createAjv());
}

export type { ErrorObject, ValidateFunction };
