import { pointerSegments, toPointer } from '../json';
import type { JsonSchema } from '../manifest';

/**
 * FARM's one reading of a configSchema (issue 14), shared by the defaults integrate fills in
 * (apply-config-defaults.ts) and the pydantic model typegen writes (emit-pydantic-config.ts), so
 * both languages see the same config. A schema is read together with its parts: its `$ref`
 * target (any local `#/…` pointer: `$defs`, `definitions`, the root) and its `allOf` members,
 * recursively, as if their keywords were written in place — ajv applies a `$ref`'s sibling
 * keywords too. Where parts disagree, the schema's own keywords come first, then its `$ref`
 * target, then its `allOf` members in order. docs/manifest.md states the rules.
 */
export interface ConfigSchemaView {
  /** The schema objects read together, in precedence order (each once). */
  parts: readonly JsonSchema[];
  /** A part is the `false` schema: no value is valid. */
  never: boolean;
  /** The first part's own `default`. */
  default?: { value: unknown };
  /** The JSON types every part allows (`integer` within `number`); undefined when no part says. */
  types?: readonly JsonType[];
  /** Each property with the subschemas the parts give it, in precedence order. */
  properties: ReadonlyMap<string, readonly unknown[]>;
  required: ReadonlySet<string>;
  /** Some part has `additionalProperties: false` (and no `patternProperties`). */
  closed: boolean;
  /**
   * With `closed`, the keys every closing part declares: a closing part allows only its own
   * properties, so a property another part adds is refused (`allOf` with one closed member).
   */
  allowed?: ReadonlySet<string>;
  /** The array item schemas the parts give (object-form `items` only). */
  items: readonly unknown[];
  /** The values allowed by every part's `enum` / `const`; undefined when no part has one. */
  enum?: readonly unknown[];
  description?: string;
}

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'array' | 'object';

export const jsonTypes: readonly JsonType[] = ['object', 'array', 'string', 'integer', 'number', 'boolean', 'null'];

/** JSON Schema keywords whose value is a schema or an array of schemas (the applicators of draft-07). */
export const schemaValuedKeywords: ReadonlySet<string> = new Set([
  'items',
  'additionalItems',
  'additionalProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'anyOf',
  'oneOf',
  'allOf',
]);

/** JSON Schema keywords whose value maps names to schemas. */
export const schemaMapKeywords: ReadonlySet<string> = new Set([
  'properties',
  'patternProperties',
  'definitions',
  '$defs',
  'dependencies',
]);

/** Marks a schema combineSchemas made. */
const combination = Symbol('combined schemas');

/** Keywords that do not change which values are valid. */
const annotations = new Set([
  '$comment',
  '$id',
  '$schema',
  'title',
  'description',
  'examples',
  'deprecated',
  'readOnly',
  'writeOnly',
  '$anchor',
  'definitions',
  '$defs',
  'default',
]);

/**
 * A `$ref` with nothing beside it that changes which values are valid: its values are its
 * target's (typegen gives each target one class; a sibling `default` is the field's default).
 */
export function isPureRef(schema: unknown): schema is JsonSchema & { $ref: string } {
  return (
    isSchemaObject(schema) &&
    typeof schema.$ref === 'string' &&
    Object.keys(schema).every((k) => k === '$ref' || annotations.has(k))
  );
}

/** `#/$defs/a%20b` → `/$defs/a b`; undefined for what is not a local JSON pointer (`#anchor`, another document). */
export function refPointer(ref: string): string | undefined {
  if (ref !== '#' && !ref.startsWith('#/')) return undefined;
  try {
    return toPointer(pointerSegments(decodeURIComponent(ref.slice(1))));
  } catch {
    return undefined;
  }
}

/** The node at a JSON pointer in `root`, own properties only (`#/definitions/constructor` must not reach Object.prototype). */
export function resolvePointer(root: unknown, pointer: string): unknown {
  let node = root;
  for (const segment of pointerSegments(pointer)) {
    if (!node || typeof node !== 'object' || !Object.hasOwn(node, segment)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

/** The schema objects `schema` is read together with (see ConfigSchemaView), each once, cycles cut. */
export function schemaParts(schema: unknown, root: unknown): { parts: JsonSchema[]; never: boolean } {
  // Most schemas have neither: they are their own only part (no set of seen parts to build).
  if (isSchemaObject(schema) && schema.$ref === undefined && schema.allOf === undefined)
    return { parts: [schema], never: false };
  const parts: JsonSchema[] = [];
  let never = false;
  const seen = new Set<unknown>();
  const visit = (node: unknown) => {
    if (node === false) never = true;
    if (!isSchemaObject(node) || seen.has(node)) return;
    seen.add(node);
    // A combination made by combineSchemas is not a part: its members are.
    if (!(node as Record<symbol, unknown>)[combination]) parts.push(node);
    if (typeof node.$ref === 'string') {
      const pointer = refPointer(node.$ref);
      if (pointer !== undefined) visit(resolvePointer(root, pointer));
    }
    if (Array.isArray(node.allOf)) node.allOf.forEach(visit);
  };
  visit(schema);
  return { parts, never };
}

/** The schema read with its parts (see ConfigSchemaView). `root` resolves `$ref`s. */
export function viewSchema(schema: unknown, root: unknown): ConfigSchemaView {
  const { parts, never } = schemaParts(schema, root);
  const properties = new Map<string, unknown[]>();
  const required = new Set<string>();
  const items: unknown[] = [];
  let types: JsonType[] | undefined;
  let members: unknown[] | undefined;
  let closed = false;
  let allowed: Set<string> | undefined;
  let fallback: { value: unknown } | undefined;
  let description: string | undefined;
  for (const part of parts) {
    if (!fallback && Object.hasOwn(part, 'default')) fallback = { value: part.default };
    if (description === undefined && typeof part.description === 'string') description = part.description;
    const declared = declaredTypes(part.type);
    if (declared) types = types ? intersectTypes(types, declared) : declared;
    if (isSchemaObject(part.properties)) {
      for (const [key, child] of Object.entries(part.properties))
        (properties.get(key) ?? properties.set(key, []).get(key)!).push(child);
    }
    if (Array.isArray(part.required)) for (const key of part.required) if (typeof key === 'string') required.add(key);
    if (
      part.additionalProperties === false &&
      !(isSchemaObject(part.patternProperties) && Object.keys(part.patternProperties).length)
    ) {
      closed = true;
      const own = new Set(isSchemaObject(part.properties) ? Object.keys(part.properties) : []);
      allowed = allowed ? new Set([...allowed].filter((k) => own.has(k))) : own;
    }
    if (part.items !== undefined && !Array.isArray(part.items)) items.push(part.items);
    const listed = Array.isArray(part.enum) ? part.enum : Object.hasOwn(part, 'const') ? [part.const] : undefined;
    if (listed) members = members ? members.filter((a) => listed.some((m) => jsonEqual(a, m))) : [...listed];
  }
  return {
    parts,
    never,
    default: fallback,
    types,
    properties,
    required,
    closed,
    allowed,
    items,
    enum: members,
    description,
  };
}

/**
 * The members of the view's `enum` / `const` that the rest of it allows too — their type, bounds,
 * lengths, pattern (`{type: string, enum: ["a", 1], maxLength: 0}` allows none): what an emitter
 * may offer as the enum's values. Undefined when the view has no enum.
 */
export function allowedEnumMembers(view: ConfigSchemaView): unknown[] | undefined {
  return view.enum?.filter((member) => jsonTypeAllowed(member, view.types) && withinBounds(member, view.parts));
}

function jsonTypeAllowed(value: unknown, types: readonly JsonType[] | undefined): boolean {
  if (!types) return true;
  const type: JsonType =
    value === null
      ? 'null'
      : Array.isArray(value)
        ? 'array'
        : typeof value === 'object'
          ? 'object'
          : typeof value === 'number'
            ? 'number'
            : typeof value === 'boolean'
              ? 'boolean'
              : 'string';
  return types.includes(type) || (type === 'number' && Number.isInteger(value) && types.includes('integer'));
}

/** The bounds, lengths, patterns and item counts of every part, as ajv applies them to a value of their type. */
function withinBounds(value: unknown, parts: readonly JsonSchema[]): boolean {
  return parts.every((p) => {
    const n = (keyword: string) => (typeof p[keyword] === 'number' ? (p[keyword] as number) : undefined);
    const at = (keyword: string, ok: (limit: number) => boolean) => n(keyword) === undefined || ok(n(keyword)!);
    if (typeof value === 'number') {
      return (
        at('minimum', (l) => value >= l) &&
        at('maximum', (l) => value <= l) &&
        at('exclusiveMinimum', (l) => value > l) &&
        at('exclusiveMaximum', (l) => value < l)
      );
    }
    if (typeof value === 'string') {
      const length = [...value].length;
      return (
        at('minLength', (l) => length >= l) &&
        at('maxLength', (l) => length <= l) &&
        (typeof p.pattern !== 'string' || matches(p.pattern, value))
      );
    }
    if (Array.isArray(value))
      return at('minItems', (l) => value.length >= l) && at('maxItems', (l) => value.length <= l);
    return true;
  });
}

/** ajv's reading of `pattern`: a JavaScript `u` regex, searched. A pattern it cannot compile allows nothing. */
function matches(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    return false;
  }
}

/**
 * Several subschemas as one (`allOf`), one as itself: a property that several parts give. The
 * combination is new each time but is not a part of its view (only its members are), so views
 * of the same members are alike — an emitter that meets one again inside itself can tell.
 */
export function combineSchemas(schemas: readonly unknown[]): unknown {
  return schemas.length === 1 ? schemas[0] : { allOf: [...schemas], [combination]: true };
}

/** Whether a value of this JSON type is allowed by `types` (undefined: any type). */
export function allowsType(types: readonly JsonType[] | undefined, type: JsonType): boolean {
  return !types || types.includes(type);
}

/** JSON Schema's equality, as ajv's `enum` uses it: 1 equals 1.0, object key order does not count. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

function declaredTypes(type: unknown): JsonType[] | undefined {
  const list = Array.isArray(type) ? type : typeof type === 'string' ? [type] : undefined;
  return list?.filter((t): t is JsonType => (jsonTypes as readonly string[]).includes(t));
}

/** Types both lists allow: `integer` is within `number`. */
function intersectTypes(a: readonly JsonType[], b: readonly JsonType[]): JsonType[] {
  const allows = (list: readonly JsonType[], t: JsonType) =>
    list.includes(t) || (t === 'integer' && list.includes('number'));
  return jsonTypes.filter((t) => allows(a, t) && allows(b, t));
}

export function isSchemaObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
