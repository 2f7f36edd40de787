import type { JsonSchema } from '../manifest';
import { allowsType, combineSchemas, isPlainObject, viewSchema, type ConfigSchemaView } from './config-schema';

type Json = unknown;

/**
 * Fills defaults from a configSchema, the way docs/manifest.md ("Config semantics") states and the
 * generated pydantic model reads them too (issue 14): in nested objects, array items, `$ref`
 * targets and `allOf` members (see config-schema.ts). An absent value takes its schema's
 * `default`, filled in turn; else an absent object whose properties have defaults is created so
 * they apply (`jwt.expiration` gets "24h" when no `jwt` was given) — unless it would then lack a
 * property it requires, or repeat itself without end (a recursive `$ref`). Never mutates its input.
 */
export function applyConfigDefaults(value: Json, schema: JsonSchema | undefined): Json {
  if (!schema || typeof schema !== 'object') return value;
  return value === undefined
    ? absentDefault(schema, schema)
    : fillPresent(value, viewSchema(schema, schema), schema, undefined);
}

/**
 * What an absent value of `schema` becomes (undefined: it stays absent). The generated pydantic
 * model takes this as the field's default, so both languages fill the same.
 */
export function absentDefault(schema: unknown, root: unknown): Json {
  const filled = fillAbsent(schema, root, new Set());
  return filled === cycle ? undefined : filled;
}

/** An absent value whose filling comes back to a schema it is already filling. */
const cycle = Symbol('cycle');
type Filled = Json | typeof cycle;

/**
 * `seen`: the schema parts being filled for absent values on this path. Reaching one again would
 * build forever (a node whose default holds a node…), so that value stays absent — and so does
 * each absent value around it up to the nearest present one: a field default in pydantic is one
 * value for every instance, so it cannot depend on how deep the path is.
 */
function fillAbsent(schema: unknown, root: unknown, seen: ReadonlySet<unknown>): Filled {
  const view = viewSchema(schema, root);
  if (view.parts.some((part) => seen.has(part))) return cycle;
  const path = new Set([...seen, ...view.parts]);
  if (view.default) return fillPresent(copy(view.default.value), view, root, path);
  if (!view.properties.size || !allowsType(view.types, 'object')) return undefined;
  const result: Record<string, Json> = {};
  for (const [key, subschemas] of view.properties) {
    const filled = fillAbsent(combineSchemas(subschemas), root, path);
    if (filled === cycle) return cycle;
    if (filled !== undefined) define(result, key, filled);
  }
  // Created only to hold defaults: not when it gains none, nor when it would lack a required key.
  if (!Object.keys(result).length || [...view.required].some((key) => !Object.hasOwn(result, key))) return undefined;
  return result;
}

/**
 * Fills inside a given value. `seen` is undefined for the config itself (each absent value in it
 * starts a path of its own) and the path so far inside a default being filled.
 */
function fillPresent(
  value: Json,
  view: ConfigSchemaView,
  root: unknown,
  seen: ReadonlySet<unknown> | undefined,
): Filled {
  if (isPlainObject(value) && view.properties.size) {
    // The schema's properties first, in its order, then the others as given: the order pydantic
    // dumps a model in, so both languages write the same bytes.
    const result: Record<string, Json> = {};
    for (const [key, subschemas] of view.properties) {
      const child = combineSchemas(subschemas);
      // Own keys only: a config key such as "hasOwnProperty" must not pick up Object.prototype's.
      const filled = Object.hasOwn(value, key)
        ? fillPresent(value[key], viewSchema(child, root), root, seen)
        : fillAbsent(child, root, seen ?? new Set());
      if (filled === cycle) {
        if (seen) return cycle;
        continue;
      }
      if (filled !== undefined) define(result, key, filled);
    }
    for (const key of Object.keys(value)) if (!view.properties.has(key)) define(result, key, value[key]);
    return result;
  }
  if (Array.isArray(value) && view.items.length) {
    const items = viewSchema(combineSchemas(view.items), root);
    const result: Json[] = [];
    for (const item of value) {
      const filled = fillPresent(item, items, root, seen);
      if (filled === cycle) return cycle;
      result.push(filled);
    }
    return result;
  }
  return value;
}

/** A scalar default needs no copy (structuredClone costs ~5 µs a call, per property per plugin). */
function copy(value: Json): Json {
  return typeof value === 'object' && value !== null ? structuredClone(value) : value;
}

/**
 * A key set as data: `__proto__` from a config is a key, not the object's prototype. Only that
 * key has a setter on a plain object; every other key is assigned (defineProperty for all cost
 * ~18 ms at 1,000 plugins).
 */
function define(target: Record<string, Json>, key: string, value: Json): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Deep merge where `override` wins; arrays are replaced, not concatenated. */
export function mergeConfig(base: Json, override: Json): Json {
  if (!isPlainObject(base) || !isPlainObject(override)) return override === undefined ? base : override;
  const result: Record<string, Json> = { ...base };
  for (const [key, v] of Object.entries(override))
    result[key] = mergeConfig(Object.hasOwn(base, key) ? base[key] : undefined, v);
  return result;
}
