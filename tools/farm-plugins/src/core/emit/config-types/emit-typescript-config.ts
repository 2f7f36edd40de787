import { compile } from 'json-schema-to-typescript';
import type { PluginConfigSchema } from '../../manifest';
import { generatedHeader, tsString } from '../shared';

/** The TypeScript type of a plugin's config, from its configSchema (json-schema-to-typescript). */
export async function emitTypescriptConfig(schema: PluginConfigSchema, runCommand: string): Promise<string> {
  const { input, restore } = forCompiler(schema);
  const body = await compile(input as never, 'PluginConfig', {
    bannerComment: generatedHeader('//', runCommand).trimEnd(),
    format: true,
    additionalProperties: false,
    strictIndexSignatures: true,
    // A manifest must never make the generator read files or fetch URLs.
    $refOptions: { resolve: { file: false, http: false } } as never,
  });
  const text = restore(body);
  return text.endsWith('\n') ? text : `${text}\n`;
}

const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Schema keywords whose values are schemas, or arrays / maps of schemas. */
const schemaValued = new Set(['items', 'additionalItems', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'anyOf', 'oneOf', 'allOf']);
const schemaMaps = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependencies']);

/**
 * The schema as json-schema-to-typescript can take it safely. `tsType` is dropped: the compiler
 * copies it into the output verbatim, so a manifest could write any code (found by the corpus
 * fuzz). Property names the compiler breaks on — Object.prototype names (`hasOwnProperty`
 * crashes it) and strings with lone surrogates — are renamed to placeholders absent from the
 * schema, then put back as quoted property names. The compiler refuses a schema with both
 * `definitions` and `$defs` (draft-07 and 2019-09 spellings; ajv takes both), so in a schema that
 * has both, `definitions` is renamed to a placeholder and the `$ref`s through it follow.
 */
function forCompiler(schema: PluginConfigSchema): { input: unknown; restore: (text: string) => string } {
  const text = JSON.stringify(schema);
  let nonce = 0;
  while (text.includes(`farm_key_q${nonce}_`)) nonce++;
  const placeholders = new Map<string, string>();
  const placeholder = (key: string) => placeholders.get(key) ?? placeholders.set(key, `farm_key_q${nonce}_${placeholders.size}`).get(key)!;
  const awkward = (key: string) => key in Object.prototype || loneSurrogate.test(key);
  const definitionsKey = `farm_key_q${nonce}_definitions`;
  const renamesDefinitions = (node: unknown) => isObject(node) && isObject(node.definitions) && isObject(node.$defs);
  // Through the original schema, segment by segment: `#/definitions/a` → `#/<placeholder>/a`.
  const followRename = (ref: string): string => {
    if (!ref.startsWith('#/')) return ref;
    let node: unknown = schema;
    const segments = ref.slice(2).split('/').map((raw) => {
      const key = pointerKey(raw);
      const renamed = key === 'definitions' && renamesDefinitions(node);
      node = isObject(node) && Object.hasOwn(node, key) ? node[key] : Array.isArray(node) ? node[Number(key)] : undefined;
      return renamed ? definitionsKey : raw;
    });
    return `#/${segments.join('/')}`;
  };

  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    const set = (key: string, value: unknown) => Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    for (const [key, value] of Object.entries(node)) {
      if (key === 'tsType') continue;
      if (key === '$ref' && typeof value === 'string') set(key, followRename(value));
      else if (schemaMaps.has(key) && value && typeof value === 'object' && !Array.isArray(value)) {
        const map: Record<string, unknown> = {};
        for (const [name, child] of Object.entries(value)) {
          const renamed = key === 'properties' && awkward(name) ? placeholder(name) : name;
          Object.defineProperty(map, renamed, { value: Array.isArray(child) ? child : visit(child), enumerable: true, writable: true, configurable: true });
        }
        set(key === 'definitions' && renamesDefinitions(node) ? definitionsKey : key, map);
      } else if (key === 'required' && Array.isArray(value)) {
        set(key, value.map((name) => (typeof name === 'string' && awkward(name) ? placeholder(name) : name)));
      } else set(key, schemaValued.has(key) ? visit(value) : structuredClone(value));
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
