import type { ErrorObject } from 'ajv';
import { closestName } from '../graph/closest-name';

export interface SchemaErrorDescription {
  /** Pointer to the offending value (for a missing or unknown field: to that field). */
  pointer: string;
  message: string;
  fix: string;
}

/** Turns one ajv error into a sentence and a fix a person can act on. */
export function describeSchemaError(
  error: ErrorObject,
  schemaProperties?: (pointer: string) => string[],
): SchemaErrorDescription {
  const at = error.instancePath;
  // ajv types each keyword's params differently; the switch below reads the ones of its keyword.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const p = error.params as Record<string, any>;
  switch (error.keyword) {
    case 'required':
      return {
        pointer: `${at}/${p.missingProperty}`,
        message: `missing required field "${p.missingProperty}"`,
        fix: `add "${p.missingProperty}" to ${at || 'the top level'}`,
      };
    case 'additionalProperties': {
      const known = schemaProperties?.(error.schemaPath) ?? [];
      const near = closestName(p.additionalProperty, known);
      return {
        pointer: `${at}/${p.additionalProperty}`,
        message: `unknown field "${p.additionalProperty}"`,
        fix: near
          ? `did you mean "${near}"? Otherwise remove it`
          : `remove it${known.length ? ` (allowed: ${known.join(', ')})` : ''}`,
      };
    }
    case 'type':
      return { pointer: at, message: `must be ${article(p.type)}`, fix: `use ${article(p.type)} here` };
    case 'enum':
      return {
        pointer: at,
        message: `must be one of ${p.allowedValues.map((v: unknown) => JSON.stringify(v)).join(', ')}`,
        fix: `use one of the allowed values`,
      };
    case 'const':
      return {
        pointer: at,
        message: `must be ${JSON.stringify(p.allowedValue)}`,
        fix: `set it to ${JSON.stringify(p.allowedValue)}`,
      };
    case 'format':
      return p.format === 'semver'
        ? { pointer: at, message: 'is not a semver version', fix: 'use a version like "1.2.3"' }
        : p.format === 'semver-range'
          ? { pointer: at, message: 'is not a semver range', fix: 'use a range like "^1.0.0" or ">=1.2 <2"' }
          : { pointer: at, message: `must be a valid ${p.format}`, fix: `use a valid ${p.format}` };
    case 'pattern':
      return { pointer: at, message: `does not match ${p.pattern}`, fix: patternFix(p.pattern) };
    case 'propertyNames':
      return {
        pointer: `${at}/${p.propertyName}`,
        message: `"${p.propertyName}" is not an allowed name here`,
        fix: 'use a plain identifier (letters, digits, _; not starting with a digit)',
      };
    case 'minLength':
      return { pointer: at, message: 'must not be empty', fix: 'give it a value' };
    case 'oneOf':
    case 'anyOf':
      return {
        pointer: at,
        message: 'matches none of the allowed shapes',
        fix: 'see docs/manifest.md for the allowed forms',
      };
    default:
      return { pointer: at, message: error.message ?? `fails "${error.keyword}"`, fix: 'see docs/manifest.md' };
  }
}

function article(type: string | string[]): string {
  const t = Array.isArray(type) ? type.join(' or ') : type;
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

function patternFix(pattern: string): string {
  if (pattern.startsWith('^(@')) return 'use an npm package name like "@farm/my-plugin"';
  if (pattern === '^/') return 'start the path with "/"';
  if (pattern.includes('use')) return 'hook names start with "use"';
  return `match the pattern ${pattern}`;
}
