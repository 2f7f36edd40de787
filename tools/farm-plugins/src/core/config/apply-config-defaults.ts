import type { JsonSchema } from '../manifest';

type Json = unknown;

/**
 * Fills defaults from a JSON Schema, nested objects included: unlike the spec's shallow
 * `applyDefaults`, an absent object whose properties have defaults is created so they apply
 * (`jwt.expiration` gets "24h" even when no `jwt` was given). Never mutates its input.
 */
export function applyConfigDefaults(value: Json, schema: JsonSchema | undefined): Json {
  if (!schema || typeof schema !== 'object') return value;
  // A scalar default needs no copy (structuredClone cost ~5 µs a call, per property per plugin).
  if (value === undefined && 'default' in schema) return typeof schema.default === 'object' && schema.default !== null ? structuredClone(schema.default) : schema.default;
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (!properties || (value !== undefined && !isPlainObject(value))) return value;
  const source = (value ?? {}) as Record<string, Json>;
  const result: Record<string, Json> = { ...source };
  for (const [key, child] of Object.entries(properties)) {
    // Own keys only: a config key such as "hasOwnProperty" must not pick up Object.prototype's.
    const filled = applyConfigDefaults(Object.hasOwn(source, key) ? source[key] : undefined, child);
    if (filled !== undefined) result[key] = filled;
  }
  // An object that was absent and gained nothing stays absent.
  return value === undefined && Object.keys(result).length === 0 ? undefined : result;
}

/** Deep merge where `override` wins; arrays are replaced, not concatenated. */
export function mergeConfig(base: Json, override: Json): Json {
  if (!isPlainObject(base) || !isPlainObject(override)) return override === undefined ? base : override;
  const result: Record<string, Json> = { ...base };
  for (const [key, v] of Object.entries(override)) result[key] = mergeConfig(Object.hasOwn(base, key) ? base[key] : undefined, v);
  return result;
}

function isPlainObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
