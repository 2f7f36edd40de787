import {
  absentDefault,
  allowedEnumMembers,
  combineSchemas,
  isPureRef,
  refPointer,
  resolvePointer,
  viewSchema,
  type ConfigSchemaView,
  type JsonType,
} from '../../config';
import { pointerSegments } from '../../json';
import type { JsonSchema, PluginConfigSchema } from '../../manifest';
import { generatedHeader, isPythonIdentifier, pyLiteral, pyString } from '../shared';
import { pydanticModelNames, pythonBuiltins, pythonSoftKeywords } from './python-names';

/**
 * A pydantic 2 model of a plugin's config from its configSchema, read the way FARM reads it
 * (core/config/config-schema.ts: `$ref` targets and `allOf` members merged in place), so that
 * `PluginConfig.model_validate(config).model_dump(by_alias=True)` is the config integrate writes
 * (docs/manifest.md, "Config semantics"). Object schemas with properties become classes (nested
 * ones, `$ref` targets in `$defs` / `definitions` / anywhere in the schema, each once), declared
 * before use except in cycles, which `model_rebuild()` closes. Each field's default is the value
 * FARM fills in for it (absentDefault); a key that stays absent is `MISSING`, left out of dumps.
 * Strict, as ajv is: "1" is not an integer. Where the model cannot check a keyword (format,
 * anyOf, …) it accepts more: ajv stays the judge. Keys that cannot be Python field names are aliased.
 */
export function emitPydanticConfig(schema: PluginConfigSchema, runCommand: string): string {
  // A `$ref` target that holds itself and is not a plain object class becomes a RootModel class;
  // which ones, the first emission finds out.
  let e = emitModule(schema as JsonSchema, new Set());
  if (e.recursiveTargets.size) e = emitModule(schema as JsonSchema, e.recursiveTargets);
  return moduleSource(e, runCommand);
}

function emitModule(schema: JsonSchema, rootModels: ReadonlySet<string>): Emission {
  const e = createEmission(schema, rootModels);
  const view = viewSchema(schema, schema);
  e.rootClass = classFor(view, viewKey(view, e), 'PluginConfig', e);
  return e;
}

function moduleSource(e: Emission, runCommand: string): string {
  const sections = [header(e, runCommand)];
  if (e.usesOneOf) sections.push(oneOfHelper);
  sections.push(...e.classes);
  const rebuild = [...e.rebuild].map((name) => `${name}.model_rebuild()`);
  return `${sections.join('\n\n\n')}\n\n\n${rebuild.length ? `${rebuild.join('\n')}\n\n` : ''}__all__ = [${pyString(e.rootClass)}]\n`;
}

const typingNames = ['Annotated', 'Any', 'Dict', 'List', 'Literal', 'Union'] as const;
const pydanticNames = ['AfterValidator', 'BaseModel', 'ConfigDict', 'Field', 'MISSING', 'RootModel'] as const;
type ImportedName = (typeof typingNames)[number] | (typeof pydanticNames)[number];

/** What one module's emission has built so far. */
interface Emission {
  root: JsonSchema;
  rootClass: string;
  /** Class sources in declaration order: a class follows the classes its fields use, except in cycles. */
  classes: string[];
  /**
   * The class of each schema that became one, by its view's key (viewKey: the schema objects read
   * together, so a `$ref` target, and an `allOf` met again inside itself, is one class); set
   * before its fields are built, so a cycle finds it.
   */
  classOf: Map<string, string>;
  /** A number per schema object, for view keys. */
  ids: Map<unknown, number>;
  classNames: Set<string>;
  /** Classes whose fields are being built, innermost last: a reference to one is a forward reference. */
  building: string[];
  /** Classes with a forward reference to a class declared after them: rebuilt once every class exists. */
  rebuild: Set<string>;
  /** Views (by key) whose type is being written in place: met again, they hold themselves. */
  inlining: Set<string>;
  /** Views (by key) written as RootModel classes: those that hold themselves and are not a plain object class. */
  rootModels: ReadonlySet<string>;
  rootModelOf: Map<string, string>;
  /** Views found to hold themselves while not being a RootModel class yet: the next emission makes them one. */
  recursiveTargets: Set<string>;
  imported: Set<ImportedName>;
  usesOneOf: boolean;
}

function createEmission(root: JsonSchema, rootModels: ReadonlySet<string>): Emission {
  return {
    root,
    rootClass: 'PluginConfig',
    classes: [],
    classOf: new Map(),
    ids: new Map(),
    classNames: new Set(),
    building: [],
    rebuild: new Set(),
    inlining: new Set(),
    rootModels,
    rootModelOf: new Map(),
    recursiveTargets: new Set(),
    imported: new Set(),
    usesOneOf: false,
  };
}

function use(e: Emission, name: ImportedName): string {
  e.imported.add(name);
  return name;
}

/**
 * `from __future__ import annotations`: annotations are not evaluated in the class body, so a
 * class can name one declared after it (recursive `$ref`s); pydantic resolves them.
 * `MISSING` needs pydantic 2.14 (the backend's lock pins it).
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
 * The type of enum members `Literal` cannot take as JSON Schema means them: objects and arrays
 * (unhashable: `Literal[{…}]` fails on import with TypeError), numbers and booleans (`Literal[1]`
 * takes `True`, even in strict mode), strings with lone surrogates (pydantic's Rust core cannot
 * hold them). The value is checked against the members with JSON's equality, as ajv does: `1`
 * equals `1.0` but not `true`, object key order does not count — Python's `==` gets both wrong.
 * With no members (`enum: []`, the `false` schema) nothing is valid.
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
    """An enum with members that Literal cannot hold (objects, arrays, numbers, ...): a membership check."""

    def check(value: Any) -> Any:
        if not any(_json_equal(value, member) for member in members):
            raise ValueError("not one of the enum's values")
        return value

    return AfterValidator(check)`;

/** The class of an object schema (read with its parts), named after `hint`; once per view. */
function classFor(view: ConfigSchemaView, key: string, hint: string, e: Emission): string {
  const known = e.classOf.get(key);
  if (known !== undefined) return reference(known, e);
  const name = uniqueName(hint, e);
  e.classOf.set(key, name);
  e.building.push(name);
  const body = classBody(view, name, e);
  e.building.pop();
  e.classes.push([`class ${name}(${use(e, 'BaseModel')}):`, ...body].join('\n'));
  return name;
}

/** A class by name; when it is still being built (a cycle), the class using it is rebuilt at the end. */
function reference(name: string, e: Emission): string {
  const user = e.building.at(-1);
  // A class that refers to itself needs no rebuild: pydantic resolves its own name.
  if (user !== undefined && e.building.includes(name) && user !== name) e.rebuild.add(user);
  return name;
}

function uniqueName(hint: string, e: Emission): string {
  let name = hint;
  for (let i = 2; e.classNames.has(name); i++) name = `${hint}${i}`;
  e.classNames.add(name);
  return name;
}

/** A view's identity: the schema objects it reads together (a `{allOf}` made for a property shared by several parts is new each time; its parts are not). */
function viewKey(view: ConfigSchemaView, e: Emission): string {
  const id = (part: unknown) => e.ids.get(part) ?? e.ids.set(part, e.ids.size).get(part)!;
  return `${view.never ? '!' : ''}${view.parts
    .map(id)
    .sort((a, b) => a - b)
    .join(',')}`;
}

function classBody(view: ConfigSchemaView, name: string, e: Emission): string[] {
  const keys = [...view.properties.keys()];
  // pydantic cannot read such a key at all (its core holds UTF-8 strings); the field is left out.
  const readable = keys.filter((key) => !hasLoneSurrogate(key));
  const names = fieldNames(readable);
  const lines: string[] = [];
  // A docstring with a lone surrogate fails the class on import (field descriptions do not).
  if (view.description !== undefined && !hasLoneSurrogate(view.description))
    lines.push(`    ${pyString(view.description)}`, '');
  // strict: a value must have its JSON type, as ajv checks it ("80" is not an integer, 1 not a
  // boolean). validate_default: a default becomes what its type says (`[{…}]` a list of models)
  // and is checked, as FARM fills in defaults before ajv validates. Fields are read by their
  // config keys only: with populate_by_name a key "class_" would be read as "class".
  lines.push(
    `    model_config = ${use(e, 'ConfigDict')}(extra=${pyString(view.closed ? 'forbid' : 'allow')}, strict=True, validate_default=True)`,
  );
  if (readable.length < keys.length)
    lines.push('    # Left out: properties whose names hold lone surrogates, which pydantic cannot read.');
  if (readable.length) lines.push('');
  for (const key of readable) {
    const prop = combineSchemas(view.properties.get(key)!);
    const field = names.get(key)!;
    // A key a closing part does not declare is refused whatever its value (`allOf` with a closed member).
    const type = view.allowed && !view.allowed.has(key) ? neverType(e) : pythonType(prop, `${name}${pascal(key)}`, e);
    // What FARM fills in when the key is absent, so pydantic fills in the same.
    const filled = absentDefault(prop, e.root);
    const args: string[] = [];
    let annotation = type;
    if (filled !== undefined) args.push(`default=${pyLiteral(filled)}`);
    else if (!view.required.has(key)) {
      // Absent stays absent: MISSING is left out of model_dump, and null is not let in.
      args.push(`default=${use(e, 'MISSING')}`);
      annotation = `${use(e, 'Union')}[${type}, ${use(e, 'MISSING')}]`;
    }
    if (field !== key) args.push(`alias=${pyString(key)}`);
    const description = viewSchema(prop, e.root).description;
    if (description !== undefined) args.push(`description=${pyString(description)}`);
    lines.push(`    ${field}: ${annotation} = ${use(e, 'Field')}(${args.join(', ')})`);
  }
  return lines;
}

/**
 * The Python type of a schema (read with its parts). A view met again while its type is written
 * holds itself: a plain object schema is its class already; anything else (a list of itself, a
 * nullable node) becomes a RootModel class in the module's second emission.
 */
function pythonType(schema: unknown, hint: string, e: Emission): string {
  if (schema === false) return neverType(e);
  // `true` and `{}`.
  if (!isSchemaObject(schema)) return use(e, 'Any');
  if (isPureRef(schema)) {
    // Named after the target (`#/$defs/node` → PluginConfigNode); a chain that leaves the schema,
    // does not resolve or goes round (ajv cannot compile that one) is `Any`.
    const resolved = finalTarget(schema.$ref, e.root);
    return resolved ? pythonType(resolved.target, targetHint(resolved.pointer), e) : use(e, 'Any');
  }
  const view = viewSchema(schema, e.root);
  const key = viewKey(view, e);
  const rootModel = e.rootModelOf.get(key);
  if (rootModel !== undefined) return reference(rootModel, e);
  if (e.rootModels.has(key)) return rootModelFor(view, key, hint, e);
  const known = e.classOf.get(key);
  if (known !== undefined) {
    // The view's class, reached again: it is the whole type only for a plain object schema.
    if (!isPlainObjectClass(view)) e.recursiveTargets.add(key);
    return reference(known, e);
  }
  if (e.inlining.has(key)) {
    e.recursiveTargets.add(key);
    return use(e, 'Any');
  }
  e.inlining.add(key);
  const type = viewType(view, key, hint, e);
  e.inlining.delete(key);
  return type;
}

function viewType(view: ConfigSchemaView, key: string, hint: string, e: Emission): string {
  if (view.never) return neverType(e);
  const members = allowedEnumMembers(view);
  if (members) return enumType(members, e);
  const types = view.types ?? untypedTypes(view);
  if (!types) return use(e, 'Any');
  // `integer` within `number`: a float field takes ints too (strict pydantic does).
  const alternatives = types
    .filter((t) => !(t === 'integer' && types.includes('number')))
    .map((t) => typeOf(t, view, key, hint, e));
  if (!alternatives.length) return neverType(e);
  const [only, ...more] = alternatives;
  return only !== undefined && !more.length ? only : `${use(e, 'Union')}[${alternatives.join(', ')}]`;
}

/**
 * A schema with no `type` allows every JSON type; spelled out only when it says something about
 * one (properties, items, a length …), else it is `Any`.
 */
function untypedTypes(view: ConfigSchemaView): readonly JsonType[] | undefined {
  const constrains =
    view.properties.size ||
    view.items.length ||
    view.parts.some((p) => constraintKeywords.some((k) => Object.hasOwn(p, k)));
  return constrains ? ['object', 'array', 'string', 'number', 'boolean', 'null'] : undefined;
}

const constraintKeywords = [
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
];

function typeOf(type: JsonType, view: ConfigSchemaView, key: string, hint: string, e: Emission): string {
  switch (type) {
    case 'object':
      return view.properties.size ? classFor(view, key, hint, e) : `${use(e, 'Dict')}[str, ${use(e, 'Any')}]`;
    case 'array': {
      // A tuple-form `items` (an array of schemas) is left unchecked.
      const item = view.items.length ? pythonType(combineSchemas(view.items), `${hint}Item`, e) : use(e, 'Any');
      return constrained(
        `${use(e, 'List')}[${item}]`,
        { min_length: largest(view, 'minItems'), max_length: smallest(view, 'maxItems') },
        e,
      );
    }
    case 'string': {
      const pattern = view.parts.find((p) => typeof p.pattern === 'string')?.pattern as string | undefined;
      return constrained(
        'str',
        { min_length: largest(view, 'minLength'), max_length: smallest(view, 'maxLength'), pattern },
        e,
      );
    }
    case 'integer':
    case 'number':
      return constrained(
        type === 'integer' ? 'int' : 'float',
        {
          ge: largest(view, 'minimum'),
          le: smallest(view, 'maximum'),
          gt: largest(view, 'exclusiveMinimum'),
          lt: smallest(view, 'exclusiveMaximum'),
        },
        e,
      );
    case 'boolean':
      return 'bool';
    case 'null':
      return 'None';
  }
}

/** `Annotated[int, Field(ge=1)]`; the bare type when nothing constrains it. */
function constrained(type: string, constraints: Record<string, number | string | undefined>, e: Emission): string {
  const args = Object.entries(constraints)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? pyString(v) : pyLiteral(v)}`);
  return args.length ? `${use(e, 'Annotated')}[${type}, ${use(e, 'Field')}(${args.join(', ')})]` : type;
}

/** The tightest lower bound the parts give (numbers only: draft-04's boolean exclusiveMinimum is not one). */
function largest(view: ConfigSchemaView, keyword: string): number | undefined {
  const values = view.parts
    .map((p) => p[keyword])
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return values.length ? Math.max(...values) : undefined;
}

function smallest(view: ConfigSchemaView, keyword: string): number | undefined {
  const values = view.parts
    .map((p) => p[keyword])
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return values.length ? Math.min(...values) : undefined;
}

/** No value is valid: an enum with no members. */
function neverType(e: Emission): string {
  return enumType([], e);
}

/**
 * Where a `$ref` leads through references that are only references (`#/$defs/a` → `{"$ref":
 * "#/$defs/b"}` → …): the first target that says something. Undefined when the chain leaves the
 * schema (`#anchor`, `$id`-relative: ajv resolves those differently; external ones were refused
 * when the manifest was loaded, FARM_E005), does not resolve, or goes round.
 */
function finalTarget(ref: string, root: unknown): { pointer: string; target: unknown } | undefined {
  const seen = new Set<string>();
  for (let next: string | undefined = ref; ;) {
    const pointer = refPointer(next);
    if (pointer === undefined || seen.has(pointer)) return undefined;
    seen.add(pointer);
    const target = resolvePointer(root, pointer);
    if (target === undefined) return undefined;
    if (!isPureRef(target)) return { pointer, target };
    next = target.$ref;
  }
}

/**
 * `class PluginConfigNode(RootModel["List[PluginConfigNode]"])`: the type as a string, since a base
 * class is evaluated at once (not an annotation), and rebuilt at the end of the module.
 */
function rootModelFor(view: ConfigSchemaView, key: string, hint: string, e: Emission): string {
  const name = uniqueName(hint, e);
  e.rootModelOf.set(key, name);
  e.building.push(name);
  const type = viewType(view, key, `${name}Value`, e);
  e.building.pop();
  e.rebuild.add(name);
  e.classes.push(
    `class ${name}(${use(e, 'RootModel')}[${pyString(type)}]):\n    model_config = ${use(e, 'ConfigDict')}(strict=True)`,
  );
  return name;
}

function targetHint(pointer: string): string {
  const segments = pointerSegments(pointer);
  return `PluginConfig${pascal(String(segments[segments.length - 1] ?? ''))}`;
}

/** A view whose type is exactly its class: an object schema with properties, nothing else allowed. */
function isPlainObjectClass(view: ConfigSchemaView): boolean {
  return (
    !view.never &&
    !allowedEnumMembers(view) &&
    view.types?.length === 1 &&
    view.types[0] === 'object' &&
    view.properties.size > 0
  );
}

function enumType(members: readonly unknown[], e: Emission): string {
  const literals = members.map(pyLiteral).join(', ');
  if (members.length && members.every(literalMember)) return `${use(e, 'Literal')}[${literals}]`;
  e.usesOneOf = true;
  use(e, 'AfterValidator');
  return `${use(e, 'Annotated')}[${use(e, 'Any')}, _one_of(${literals})]`;
}

/** A member `Literal` matches exactly as ajv does: strings pydantic can hold, and null (see oneOfHelper). */
function literalMember(value: unknown): boolean {
  return value === null || (typeof value === 'string' && !hasLoneSurrogate(value));
}

const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function hasLoneSurrogate(text: string): boolean {
  return loneSurrogate.test(text);
}

function isSchemaObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const reservedFieldNames = new Set([
  ...pydanticModelNames,
  ...pythonBuiltins,
  ...pythonSoftKeywords,
  ...typingNames,
  ...pydanticNames,
  'annotations',
]);

/**
 * Whether a config key can be a field name as it is. Not when it is not an (ASCII) identifier or
 * is a keyword; starts with `_` (pydantic: private) or `model_` (pydantic's namespace); is a
 * pydantic.BaseModel attribute; or shadows, in the class body, a builtin or a name the module
 * binds (its imports, `annotations` from `__future__`, its `PluginConfig…` classes) — pydantic
 * resolves annotations there, so `str: str` breaks the next `x: str`.
 */
function usableAsField(name: string): boolean {
  return (
    isPythonIdentifier(name) &&
    !name.startsWith('_') &&
    !name.startsWith('model_') &&
    !name.startsWith('PluginConfig') &&
    !reservedFieldNames.has(name)
  );
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
    let name =
      /^[A-Za-z]/.test(cleaned) && !cleaned.startsWith('model_') && !cleaned.startsWith('PluginConfig')
        ? cleaned
        : `field_${cleaned}`;
    while (taken.has(name) || !usableAsField(name)) name += '_';
    names.set(key, name);
    taken.add(name);
  }
  return names;
}

function pascal(key: string): string {
  return (
    key
      .replace(/(^|[^A-Za-z0-9])([A-Za-z0-9])/g, (_m, _s, c: string) => c.toUpperCase())
      .replace(/[^A-Za-z0-9]/g, '') || 'Field'
  );
}
