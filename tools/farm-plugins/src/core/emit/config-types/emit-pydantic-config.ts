import { escapePointer, pointerSegments, toPointer } from '../../json';
import type { JsonSchema, PluginConfigSchema } from '../../manifest';
import { generatedHeader, isPythonIdentifier, pyLiteral, pyString } from '../shared';
import { pydanticModelNames, pythonBuiltins, pythonSoftKeywords } from './python-names';

/**
 * A pydantic 2 model of a plugin's config from its configSchema: object schemas with properties
 * become classes (nested ones, and `$ref` targets in `$defs` / `definitions` / anywhere in the
 * schema, each once), declared before use except in cycles, which `model_rebuild()` closes;
 * enums become `Literal` types. The model accepts every config the schema accepts (where they
 * differ, it accepts more: ajv stays the judge); keys that cannot be Python field names are aliased.
 */
export function emitPydanticConfig(schema: PluginConfigSchema, runCommand: string): string {
  const e = createEmission(schema as JsonSchema);
  const root = classFor(schema as JsonSchema, '', 'PluginConfig', e);
  const sections = [header(e, runCommand)];
  if (e.usesOneOf) sections.push(oneOfHelper);
  sections.push(...e.classes);
  const rebuild = [...e.rebuild].map((name) => `${name}.model_rebuild()`);
  return `${sections.join('\n\n\n')}\n\n\n${rebuild.length ? `${rebuild.join('\n')}\n\n` : ''}__all__ = [${pyString(root)}]\n`;
}

const typingNames = ['Annotated', 'Any', 'Dict', 'List', 'Literal', 'Optional', 'Union'] as const;
const pydanticNames = ['AfterValidator', 'BaseModel', 'ConfigDict', 'Field'] as const;
type ImportedName = (typeof typingNames)[number] | (typeof pydanticNames)[number];

/** What one module's emission has built so far. */
interface Emission {
  root: JsonSchema;
  /** Class sources in declaration order: a class follows the classes its fields use, except in cycles. */
  classes: string[];
  /** The class of each schema that became one, by JSON pointer; set before its fields are built, so a cycle finds it. */
  classOf: Map<string, string>;
  classNames: Set<string>;
  /** Classes whose fields are being built, innermost last: a reference to one is a forward reference. */
  building: string[];
  /** Classes with a forward reference to a class declared after them: rebuilt once every class exists. */
  rebuild: Set<string>;
  /** `$ref` targets being inlined (not classes): a cycle through them, a type of itself, is `Any`. */
  inlining: Set<string>;
  imported: Set<ImportedName>;
  usesOneOf: boolean;
}

function createEmission(root: JsonSchema): Emission {
  return { root, classes: [], classOf: new Map(), classNames: new Set(), building: [], rebuild: new Set(), inlining: new Set(), imported: new Set(), usesOneOf: false };
}

function use(e: Emission, name: ImportedName): string {
  e.imported.add(name);
  return name;
}

/**
 * `from __future__ import annotations`: annotations are not evaluated in the class body, so a
 * class can name one declared after it (recursive `$ref`s); pydantic resolves them.
 */
function header(e: Emission, runCommand: string): string {
  const typing = typingNames.filter((n) => e.imported.has(n));
  const pydantic = pydanticNames.filter((n) => e.imported.has(n));
  return [
    generatedHeader('#', runCommand).trimEnd(),
    'from __future__ import annotations',
    '',
    ...(typing.length ? [`from typing import ${typing.join(', ')}`, ''] : []),
    `from pydantic import ${pydantic.join(', ')}`,
  ].join('\n');
}

/**
 * The type of enum members `Literal` cannot take: objects and arrays (unhashable: `Literal[{…}]`
 * fails on import with TypeError), strings with lone surrogates and integers beyond 2^53 (pydantic's
 * Rust core cannot hold them: the class fails to build, or never matches). The value is checked
 * against the members with JSON's equality, as ajv does: `1` equals `1.0` but not `true`, object
 * key order does not count — Python's `==` gets both wrong.
 */
const oneOfHelper = `def _json_equal(a: Any, b: Any) -> bool:
    """JSON Schema's equality: 1 equals 1.0 but not True; object key order does not count."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_json_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) and not isinstance(b, bool):
        return a == b
    return type(a) is type(b) and a == b


def _one_of(*members: Any) -> AfterValidator:
    """An enum with members that Literal cannot hold (objects, arrays, ...): a membership check."""

    def check(value: Any) -> Any:
        if not any(_json_equal(value, member) for member in members):
            raise ValueError("not one of the enum's values")
        return value

    return AfterValidator(check)`;

function classFor(schema: JsonSchema, pointer: string, hint: string, e: Emission): string {
  const known = e.classOf.get(pointer);
  if (known !== undefined) return reference(known, e);
  let name = hint;
  for (let i = 2; e.classNames.has(name); i++) name = `${hint}${i}`;
  e.classOf.set(pointer, name);
  e.classNames.add(name);
  e.building.push(name);
  const body = classBody(schema, pointer, name, e);
  e.building.pop();
  e.classes.push([`class ${name}(${use(e, 'BaseModel')}):`, ...body].join('\n'));
  return name;
}

/** A class by name; when it is still being built (a cycle), the class using it is rebuilt at the end. */
function reference(name: string, e: Emission): string {
  const user = e.building[e.building.length - 1];
  // A class that refers to itself needs no rebuild: pydantic resolves its own name.
  if (e.building.includes(name) && user !== name) e.rebuild.add(user);
  return name;
}

function classBody(schema: JsonSchema, pointer: string, name: string, e: Emission): string[] {
  const properties = isSchemaObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const keys = Object.keys(properties);
  // pydantic cannot read such a key at all (its core holds UTF-8 strings); the field is left out.
  const readable = keys.filter((key) => !hasLoneSurrogate(key));
  const names = fieldNames(readable);
  const lines: string[] = [];
  // A docstring with a lone surrogate fails the class on import (field descriptions do not).
  if (typeof schema.description === 'string' && !hasLoneSurrogate(schema.description)) lines.push(`    ${pyString(schema.description)}`, '');
  const extra = schema.additionalProperties === false && !hasPatternProperties(schema) ? 'forbid' : 'allow';
  // populate_by_name: an aliased field also takes its Python name. validate_default: a default
  // becomes what its type says (`[{…}]` a list of models) and is checked, as FARM fills in
  // defaults before ajv validates. Mutable defaults need no default_factory: pydantic copies them.
  lines.push(`    model_config = ${use(e, 'ConfigDict')}(extra=${pyString(extra)}, populate_by_name=True, validate_default=True)`);
  if (readable.length < keys.length) lines.push('    # Left out: properties whose names hold lone surrogates, which pydantic cannot read.');
  if (readable.length) lines.push('');
  for (const key of readable) {
    const prop = properties[key];
    const field = names.get(key)!;
    const type = pythonType(prop, `${pointer}/properties/${escapePointer(key)}`, `${name}${pascal(key)}`, e);
    const hasDefault = isSchemaObject(prop) && Object.hasOwn(prop, 'default');
    const args: string[] = [];
    if (hasDefault) args.push(`default=${pyLiteral(prop.default)}`);
    else if (!required.has(key)) args.push('default=None');
    if (field !== key) args.push(`alias=${pyString(key)}`);
    if (isSchemaObject(prop) && typeof prop.description === 'string') args.push(`description=${pyString(prop.description)}`);
    const annotation = hasDefault || required.has(key) ? type : `${use(e, 'Optional')}[${type}]`;
    lines.push(`    ${field}: ${annotation} = ${use(e, 'Field')}(${args.join(', ')})`);
  }
  return lines;
}

/** `additionalProperties: false` still allows keys that match `patternProperties`. */
function hasPatternProperties(schema: JsonSchema): boolean {
  return isSchemaObject(schema.patternProperties) && Object.keys(schema.patternProperties).length > 0;
}

function pythonType(schema: unknown, pointer: string, hint: string, e: Emission): string {
  // `true`, `{}` and (for lack of a "nothing" type) `false`.
  if (!isSchemaObject(schema)) return use(e, 'Any');
  if (typeof schema.$ref === 'string') return refType(schema.$ref, e);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return enumType(schema.enum, e);
  if (Object.hasOwn(schema, 'const')) return enumType([schema.const], e);
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length > 1) return `${use(e, 'Union')}[${types.map((t) => pythonType({ ...schema, type: t }, pointer, hint, e)).join(', ')}]`;
  switch (types[0]) {
    case 'string':
      return 'str';
    case 'integer':
      return 'int';
    case 'number':
      return 'float';
    case 'boolean':
      return 'bool';
    case 'null':
      return 'None';
    case 'array':
      // A tuple-form `items` (an array of schemas) is left unchecked.
      return `${use(e, 'List')}[${Array.isArray(schema.items) || schema.items === undefined ? use(e, 'Any') : pythonType(schema.items, `${pointer}/items`, `${hint}Item`, e)}]`;
    case 'object':
      return isSchemaObject(schema.properties) ? classFor(schema, pointer, hint, e) : `${use(e, 'Dict')}[str, ${use(e, 'Any')}]`;
    default:
      return use(e, 'Any');
  }
}

/**
 * The type a `#…` reference points at: the target's class when it is an object schema, else its
 * type written in place. A reference ajv resolves differently (`#anchor`, `$id`-relative) or not
 * at all is `Any`; external ones were refused when the manifest was loaded (FARM_E005).
 */
function refType(ref: string, e: Emission): string {
  const pointer = refPointer(ref);
  if (pointer === undefined) return use(e, 'Any');
  const known = e.classOf.get(pointer);
  if (known !== undefined) return reference(known, e);
  const target = resolvePointer(e.root, pointer);
  if (target === undefined || e.inlining.has(pointer)) return use(e, 'Any');
  e.inlining.add(pointer);
  const segments = pointerSegments(pointer);
  const type = pythonType(target, pointer, `PluginConfig${pascal(String(segments[segments.length - 1] ?? ''))}`, e);
  e.inlining.delete(pointer);
  return type;
}

/** `#/$defs/a%20b` → `/$defs/a b` (as the walk writes pointers); undefined for what is not a JSON pointer fragment. */
function refPointer(ref: string): string | undefined {
  if (ref !== '#' && !ref.startsWith('#/')) return undefined;
  try {
    return toPointer(pointerSegments(decodeURIComponent(ref.slice(1))));
  } catch {
    return undefined;
  }
}

/** Own properties only: `#/definitions/constructor` must not reach Object.prototype. */
function resolvePointer(root: unknown, pointer: string): unknown {
  let node = root;
  for (const segment of pointerSegments(pointer)) {
    if (!node || typeof node !== 'object' || !Object.hasOwn(node, segment)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

function enumType(members: unknown[], e: Emission): string {
  const literals = members.map(pyLiteral).join(', ');
  if (members.every(literalMember)) return `${use(e, 'Literal')}[${literals}]`;
  e.usesOneOf = true;
  use(e, 'AfterValidator');
  return `${use(e, 'Annotated')}[${use(e, 'Any')}, _one_of(${literals})]`;
}

/** A member `Literal` can hold and pydantic can match (see oneOfHelper). */
function literalMember(value: unknown): boolean {
  if (value === null || typeof value === 'boolean') return true;
  if (typeof value === 'string') return !hasLoneSurrogate(value);
  return typeof value === 'number' && Math.abs(value) <= Number.MAX_SAFE_INTEGER;
}

const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function hasLoneSurrogate(text: string): boolean {
  return loneSurrogate.test(text);
}

function isSchemaObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const reservedFieldNames = new Set([...pydanticModelNames, ...pythonBuiltins, ...pythonSoftKeywords, ...typingNames, ...pydanticNames, 'annotations']);

/**
 * Whether a config key can be a field name as it is. Not when it is not an (ASCII) identifier or
 * is a keyword; starts with `_` (pydantic: private) or `model_` (pydantic's namespace); is a
 * pydantic.BaseModel attribute; or shadows, in the class body, a builtin or a name the module
 * binds (its imports, `annotations` from `__future__`, its `PluginConfig…` classes) — pydantic
 * resolves annotations there, so `str: str` breaks the next `x: str`.
 */
function usableAsField(name: string): boolean {
  return isPythonIdentifier(name) && !name.startsWith('_') && !name.startsWith('model_') && !name.startsWith('PluginConfig') && !reservedFieldNames.has(name);
}

/**
 * Field names by key: a usable key is its own name (first, so `x` keeps its name next to `_x`);
 * any other gets one derived from it, `_`-suffixed until usable and unique, and is aliased.
 */
function fieldNames(keys: readonly string[]): Map<string, string> {
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const key of keys.filter(usableAsField)) {
    names.set(key, key);
    taken.add(key);
  }
  for (const key of keys.filter((k) => !names.has(k))) {
    const cleaned = key.replace(/[^A-Za-z0-9_]/g, '_').replace(/^_+/, '');
    let name = /^[A-Za-z]/.test(cleaned) && !cleaned.startsWith('model_') && !cleaned.startsWith('PluginConfig') ? cleaned : `field_${cleaned}`;
    while (taken.has(name) || !usableAsField(name)) name += '_';
    names.set(key, name);
    taken.add(name);
  }
  return names;
}

function pascal(key: string): string {
  return key.replace(/(^|[^A-Za-z0-9])([A-Za-z0-9])/g, (_m, _s, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '') || 'Field';
}
