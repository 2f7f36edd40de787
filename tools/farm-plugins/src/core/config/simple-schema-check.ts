import type { JsonSchema } from '../manifest';

/**
 * A fast, conservative "is this config valid?" for the common shape of configSchema (types,
 * properties, required, enum, defaults, bounds). Compiling one ajv validator per plugin cost ~0.6 ms
 * each, most of an integrate at 1,000 plugins (docs/performance.md), and almost every config is
 * valid. So: `true` only when the schema uses nothing but the keywords below, is well formed the
 * way ajv's draft-07 meta-schema requires, and the value satisfies it with ajv's semantics;
 * otherwise `false`, and the caller asks ajv, whose errors are the ones reported. A `false` costs
 * only time; a wrong `true` would hide an error, hence the strictness.
 */
export function satisfiesSimpleSchema(schema: unknown, value: unknown): boolean {
  return isSchema(schema) && check(schema, value);
}

const simpleTypes = new Set(['array', 'boolean', 'integer', 'null', 'number', 'object', 'string']);
/** Annotations ajv ignores when validating (useDefaults is off). */
const annotations = new Set(['title', 'description', 'default', 'examples', '$comment', 'readOnly', 'writeOnly']);
const numberKeywords = new Set(['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum']);
const countKeywords = new Set(['minLength', 'maxLength', 'minItems', 'maxItems']);
const otherKeywords = new Set(['type', 'properties', 'required', 'additionalProperties', 'enum', 'const', 'items', 'pattern', ...numberKeywords, ...countKeywords]);

const wellFormed = new WeakSet<object>();
const patterns = new Map<string, RegExp>();

/** Only the keywords this file understands, each with a value ajv would accept. */
function isSchema(schema: unknown): schema is JsonSchema | boolean {
  if (schema === true) return true;
  if (!isObject(schema)) return false;
  if (wellFormed.has(schema)) return true;
  for (const [keyword, v] of Object.entries(schema)) {
    if (annotations.has(keyword)) {
      if ((keyword === 'title' || keyword === 'description' || keyword === '$comment') && typeof v !== 'string') return false;
      if ((keyword === 'readOnly' || keyword === 'writeOnly') && typeof v !== 'boolean') return false;
      if (keyword === 'examples' && !Array.isArray(v)) return false;
      continue;
    }
    if (!otherKeywords.has(keyword)) return false;
    if (keyword === 'type' && !isTypeKeyword(v)) return false;
    if (keyword === 'properties' && !(isObject(v) && Object.entries(v).every(([name, s]) => isPlainName(name) && isSchema(s)))) return false;
    if (keyword === 'required' && !(Array.isArray(v) && v.every((r) => typeof r === 'string' && isPlainName(r)) && new Set(v).size === v.length)) return false;
    if (keyword === 'additionalProperties' && !(typeof v === 'boolean' || isSchema(v))) return false;
    if (keyword === 'items' && !isSchema(v)) return false;
    if (keyword === 'enum' && !(Array.isArray(v) && v.length > 0 && v.every(isPrimitive) && new Set(v).size === v.length)) return false;
    if (keyword === 'const' && !isPrimitive(v)) return false;
    if (keyword === 'pattern' && !(typeof v === 'string' && compiledPattern(v))) return false;
    if (numberKeywords.has(keyword) && !(typeof v === 'number' && Number.isFinite(v))) return false;
    if (countKeywords.has(keyword) && !(Number.isInteger(v) && (v as number) >= 0)) return false;
  }
  wellFormed.add(schema);
  return true;
}

function isTypeKeyword(v: unknown): boolean {
  if (typeof v === 'string') return simpleTypes.has(v);
  return Array.isArray(v) && v.length > 0 && v.every((t) => typeof t === 'string' && simpleTypes.has(t)) && new Set(v).size === v.length;
}

/** Property names that cannot reach Object.prototype through `data[name]` (ajv's property access). */
function isPlainName(name: string): boolean {
  return !(name in Object.prototype);
}

/** ajv compiles patterns with the `u` flag; ajv-formats' "regex" format also refuses `\Z`. */
function compiledPattern(pattern: string): RegExp | undefined {
  let re = patterns.get(pattern);
  if (!re) {
    if (/[^\\]\\Z/.test(pattern)) return undefined;
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      return undefined;
    }
    patterns.set(pattern, re);
  }
  return re;
}

/** The value against a schema `isSchema` accepted, with ajv's semantics for each keyword. */
function check(schema: JsonSchema | boolean, value: unknown): boolean {
  if (schema === true) return true;
  if (schema === false) return false;
  if (schema.type !== undefined && !(Array.isArray(schema.type) ? schema.type.some((t) => hasType(t, value)) : hasType(schema.type as string, value))) return false;
  if (schema.enum !== undefined && !(schema.enum as unknown[]).includes(value)) return false;
  if ('const' in schema && schema.const !== value) return false;
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && !(value >= schema.minimum)) return false;
    if (typeof schema.maximum === 'number' && !(value <= schema.maximum)) return false;
    if (typeof schema.exclusiveMinimum === 'number' && !(value > schema.exclusiveMinimum)) return false;
    if (typeof schema.exclusiveMaximum === 'number' && !(value < schema.exclusiveMaximum)) return false;
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined || schema.maxLength !== undefined) {
      const length = codePoints(value);
      if (schema.minLength !== undefined && length < (schema.minLength as number)) return false;
      if (schema.maxLength !== undefined && length > (schema.maxLength as number)) return false;
    }
    if (typeof schema.pattern === 'string' && !compiledPattern(schema.pattern)!.test(value)) return false;
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < (schema.minItems as number)) return false;
    if (schema.maxItems !== undefined && value.length > (schema.maxItems as number)) return false;
    if (schema.items !== undefined && !value.every((item) => check(schema.items as JsonSchema | boolean, item))) return false;
  }
  if (isObject(value)) {
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema | boolean>;
    for (const name of (schema.required as string[] | undefined) ?? []) if (value[name] === undefined) return false;
    for (const name in properties) if (value[name] !== undefined && !check(properties[name], value[name])) return false;
    const additional = schema.additionalProperties as JsonSchema | boolean | undefined;
    if (additional !== undefined && additional !== true) {
      // ajv walks `for (key in data)`; the names it checks are the schema's own properties.
      for (const key in value) if (!Object.prototype.hasOwnProperty.call(properties, key) && !check(additional, value[key])) return false;
    }
  }
  return true;
}

function hasType(type: string, value: unknown): boolean {
  switch (type) {
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isFinite(value) && value % 1 === 0;
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    default:
      return false;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPrimitive(value: unknown): boolean {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

/** String length as ajv counts it (`unicode: true`): a surrogate pair is one character. */
function codePoints(value: string): number {
  let length = 0;
  for (let i = 0; i < value.length; i++) {
    length++;
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < value.length && (value.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
  }
  return length;
}
