import { compile } from 'json-schema-to-typescript';
import {
  allowedEnumMembers,
  combineSchemas,
  isPureRef,
  schemaMapKeywords,
  schemaValuedKeywords,
  viewSchema,
} from '../../config';
import type { JsonSchema, PluginConfigSchema } from '../../manifest';
import { generatedHeader, tsString } from '../shared';

/**
 * The TypeScript type of a plugin's config, from its configSchema (json-schema-to-typescript),
 * read the way FARM reads it (flattenForCompiler): the config integrate fills in type-checks as
 * `PluginConfig` (issue 14). An object that allows other keys gets an index signature.
 */
export async function emitTypescriptConfig(schema: PluginConfigSchema, runCommand: string): Promise<string> {
  const { input, restore } = forCompiler(flattenForCompiler(schema));
  const body = await compile(input as never, 'PluginConfig', {
    bannerComment: generatedHeader('//', runCommand).trimEnd(),
    format: true,
    additionalProperties: true,
    strictIndexSignatures: true,
    // Tuples from minItems/maxItems came out as `[] | [T] | [T, T][]` for an array of such arrays
    // (the union unparenthesised: found by the differential test); a length is ajv's to check.
    ignoreMinAndMaxItems: true,
    // A manifest must never make the generator read files or fetch URLs.
    $refOptions: { resolve: { file: false, http: false } } as never,
  });
  const text = restore(body);
  return text.endsWith('\n') ? text : `${text}\n`;
}

/**
 * The configSchema as FARM reads it (core/config/config-schema.ts), written for the compiler:
 * each schema with its `$ref` target and `allOf` members merged into one — the compiler reads
 * `allOf` as an intersection with the schema's own `type` and a `$ref`'s siblings not at all, so
 * its types refused configs ajv accepts (found by the differential test). A `$ref` with nothing
 * beside it stays a reference: one named type per target, and recursion. An enum keeps the
 * members the rest of the schema allows. Only what the compiler types by is kept (`default`,
 * formats, bounds, lengths … are not: they do not change the type).
 */
function flattenForCompiler(schema: PluginConfigSchema): JsonSchema {
  const root = schema as JsonSchema;
  const ids = new Map<unknown, number>();
  const flattening = new Set<string>();
  const flatten = (node: unknown): unknown => {
    if (typeof node === 'boolean' || !node || typeof node !== 'object' || Array.isArray(node)) return node;
    const own = node as JsonSchema;
    if (isPureRef(own)) return pick(own, ['$ref', 'description', 'title']);
    const view = viewSchema(node, root);
    if (view.never) return false;
    // The schema objects read together: a merged schema met again inside itself (a `$ref` with
    // siblings, an `allOf` member, back to where it started) has no name to refer to: `unknown`.
    const key = view.parts
      .map((p) => ids.get(p) ?? ids.set(p, ids.size).get(p)!)
      .sort((a, b) => a - b)
      .join(',');
    if (flattening.has(key)) return {};
    flattening.add(key);
    const out: JsonSchema = pick(own, ['title']);
    if (view.description !== undefined) out.description = view.description;
    if (view.types) out.type = view.types.length === 1 ? view.types[0] : [...view.types];
    const members = allowedEnumMembers(view);
    if (members) out.enum = members;
    if (view.properties.size) {
      out.properties = Object.fromEntries(
        // A key a closing part does not declare is refused (`allOf` with a closed member): left out.
        [...view.properties]
          .filter(([key]) => !view.allowed || view.allowed.has(key))
          .map(([key, subschemas]) => {
            const type = flatten(combineSchemas(subschemas));
            // Absent, such a key reads as the inherited member (`config.toString` is a function): the
            // type says so, or no object literal without the key would type-check.
            return [
              key,
              objectMembers.has(key) && !view.required.has(key)
                ? { anyOf: [type, { tsType: `Object[${tsString(key)}]` }] }
                : type,
            ];
          }),
      );
    }
    if (view.required.size) out.required = [...view.required].filter((key) => !view.allowed || view.allowed.has(key));
    const additional = view.parts.find(
      (p) => p.additionalProperties !== undefined && p.additionalProperties !== true,
    )?.additionalProperties;
    if (view.closed) out.additionalProperties = false;
    else if (additional !== undefined) out.additionalProperties = flatten(additional);
    const patternProperties = view.parts.find((p) => p.patternProperties)?.patternProperties;
    if (patternProperties && typeof patternProperties === 'object')
      out.patternProperties = Object.fromEntries(Object.entries(patternProperties).map(([k, v]) => [k, flatten(v)]));
    if (view.items.length) out.items = flatten(combineSchemas(view.items));
    const tuple = view.parts.find((p) => Array.isArray(p.items));
    if (!view.items.length && tuple) {
      out.items = (tuple.items as unknown[]).map(flatten);
      if (tuple.additionalItems !== undefined) out.additionalItems = flatten(tuple.additionalItems);
    }
    for (const keyword of ['anyOf', 'oneOf'] as const) {
      const part = view.parts.find((p) => Array.isArray(p[keyword]));
      if (part) out[keyword] = (part[keyword] as unknown[]).map(flatten);
    }
    if (node === root) {
      for (const key of ['definitions', '$defs'] as const) {
        if (root[key] && typeof root[key] === 'object')
          out[key] = Object.fromEntries(Object.entries(root[key] as object).map(([k, v]) => [k, flatten(v)]));
      }
    }
    flattening.delete(key);
    return view.types || members || out.anyOf || out.oneOf ? out : untyped(out);
  };
  return flatten(root) as JsonSchema;
}

/** The members TypeScript's `Object` interface declares (lib.es5.d.ts): what every object literal has. */
const objectMembers = new Set([
  'constructor',
  'toString',
  'toLocaleString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
]);

/**
 * A schema with no `type` takes every JSON value; its object keywords speak only of objects, its
 * array keywords only of arrays (the compiler would type it an object, refusing `1`).
 */
function untyped(schema: JsonSchema): JsonSchema {
  const object = pick(schema, ['properties', 'required', 'additionalProperties', 'patternProperties']);
  const array = pick(schema, ['items', 'additionalItems']);
  if (!Object.keys(object).length && !Object.keys(array).length) return schema;
  const others = ['string', 'number', 'boolean', 'null'];
  const alternatives: JsonSchema[] = [];
  if (Object.keys(object).length) alternatives.push({ type: 'object', ...object });
  else others.push('object');
  if (Object.keys(array).length) alternatives.push({ type: 'array', ...array });
  else others.push('array');
  return { ...pick(schema, ['title', 'description']), anyOf: [...alternatives, { type: others }] };
}

function pick(schema: JsonSchema, keys: readonly string[]): JsonSchema {
  return Object.fromEntries(keys.filter((k) => Object.hasOwn(schema, k)).map((k) => [k, schema[k]]));
}

const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The flattened schema as json-schema-to-typescript can take it safely. A manifest's `tsType`
 * never gets here (flattenForCompiler copies known keywords only): the compiler copies it into the
 * output verbatim, so a manifest could write any code (found by the corpus fuzz); the only
 * `tsType` is flattenForCompiler's own `Object["<key>"]`. Property names the compiler breaks on — Object.prototype names (`hasOwnProperty`
 * crashes it) and strings with lone surrogates — are renamed to placeholders absent from the
 * schema, then put back as quoted property names. The compiler refuses a schema with both
 * `definitions` and `$defs` (draft-07 and 2019-09 spellings; ajv takes both), so in a schema that
 * has both, `definitions` is renamed to a placeholder and the `$ref`s through it follow.
 */
function forCompiler(schema: JsonSchema): { input: unknown; restore: (text: string) => string } {
  const text = JSON.stringify(schema);
  let nonce = 0;
  while (text.includes(`farm_key_q${nonce}_`)) nonce++;
  const placeholders = new Map<string, string>();
  const placeholder = (key: string) =>
    placeholders.get(key) ?? placeholders.set(key, `farm_key_q${nonce}_${placeholders.size}`).get(key)!;
  const awkward = (key: string) => key in Object.prototype || loneSurrogate.test(key);
  const definitionsKey = `farm_key_q${nonce}_definitions`;
  const renamesDefinitions = (node: unknown) => isObject(node) && isObject(node.definitions) && isObject(node.$defs);
  // Through the original schema, segment by segment: `#/definitions/a` → `#/<placeholder>/a`.
  const followRename = (ref: string): string => {
    if (!ref.startsWith('#/')) return ref;
    let node: unknown = schema;
    const segments = ref
      .slice(2)
      .split('/')
      .map((raw) => {
        const key = pointerKey(raw);
        const renamed = key === 'definitions' && renamesDefinitions(node);
        node =
          isObject(node) && Object.hasOwn(node, key) ? node[key] : Array.isArray(node) ? node[Number(key)] : undefined;
        return renamed ? definitionsKey : raw;
      });
    return `#/${segments.join('/')}`;
  };

  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    const set = (key: string, value: unknown) =>
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') set(key, followRename(value));
      else if (schemaMapKeywords.has(key) && value && typeof value === 'object' && !Array.isArray(value)) {
        const map: Record<string, unknown> = {};
        for (const [name, child] of Object.entries(value)) {
          const renamed = key === 'properties' && awkward(name) ? placeholder(name) : name;
          Object.defineProperty(map, renamed, {
            value: Array.isArray(child) ? child : visit(child),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        set(key === 'definitions' && renamesDefinitions(node) ? definitionsKey : key, map);
      } else if (key === 'required' && Array.isArray(value)) {
        set(
          key,
          value.map((name) => (typeof name === 'string' && awkward(name) ? placeholder(name) : name)),
        );
      } else set(key, schemaValuedKeywords.has(key) ? visit(value) : structuredClone(value));
    }
    return out;
  };
  const input = visit(schema);
  return {
    input,
    restore: (output) => [...placeholders].reduce((acc, [key, name]) => acc.split(name).join(tsString(key)), output),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One raw segment of a `#/…` reference as a key: percent-decoded, then RFC 6901-unescaped. */
function pointerKey(raw: string): string {
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // Not percent-encoded after all: the segment as written.
  }
  return decoded.replace(/~1/g, '/').replace(/~0/g, '~');
}
