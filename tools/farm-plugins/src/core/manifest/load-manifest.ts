import { problem, type FarmProblem } from '../errors';
import {
  escapePointer,
  findTooDeep,
  maxJsonDepth,
  parseJsonDocument,
  repeatedKeyMessage,
  type JsonDocument,
} from '../json';
import { builtInValidator, schemaErrorsToProblems, sharedAjv } from '../schema';
import { projectNameOf } from './plugin-names';
import pluginSchema from './plugin.schema.json';
import type { FarmPluginManifest } from './types';

/** A manifest that parsed and passed the schema, with where it came from. */
export interface LoadedManifest {
  manifest: FarmPluginManifest;
  /** Workspace-relative path of plugin.json. */
  file: string;
  /** Workspace-relative plugin folder. */
  root: string;
  document: JsonDocument;
}

export interface ManifestLoadResult {
  loaded?: LoadedManifest;
  problems: FarmProblem[];
}

/** Manifests are small; a huge one is an accident or an attack, refused before parsing. In bytes of the file (UTF-8), not characters. */
export const maxManifestBytes = 1024 * 1024;

let validatePluginJson: ReturnType<ReturnType<typeof sharedAjv>['compile']> | undefined;

/** Parses and checks one plugin.json text. Pure: the caller reads the file. */
export function loadManifest(text: string, file: string): ManifestLoadResult {
  const root = file.replace(/\/?plugin\.json$/, '') || '.';
  const folderName = root.split('/').pop()!;
  // As on disk: `text.length` counts UTF-16 units, and 1 MiB of "é" is only 0.5 M of them.
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxManifestBytes) {
    return {
      problems: [
        problem('FARM_E004', `plugin.json is ${bytes} bytes; the limit is ${maxManifestBytes}`, {
          plugin: folderName,
          file,
        }),
      ],
    };
  }
  const parsed = parseJsonDocument(text);
  if ('errors' in parsed) {
    return {
      problems: parsed.errors.map((e) =>
        problem('FARM_E002', `JSON syntax: ${e.message}`, { plugin: folderName, file, line: e.line, column: e.column }),
      ),
    };
  }
  if ('repeatedKeys' in parsed) {
    return {
      problems: parsed.repeatedKeys.map((k) =>
        problem('FARM_E009', repeatedKeyMessage(k), {
          plugin: folderName,
          file,
          pointer: k.pointer,
          line: k.line,
          column: k.column,
        }),
      ),
    };
  }
  const { document } = parsed;
  const value = document.value as FarmPluginManifest;
  const plugin = typeof value?.name === 'string' ? value.name : folderName;
  // Every check after this one recurses into the value (ajv first): refuse what would overflow.
  const tooDeep = document.nesting > maxJsonDepth ? findTooDeep(value, maxJsonDepth) : undefined;
  if (tooDeep !== undefined) {
    return {
      problems: [
        problem('FARM_E008', `${tooDeep} nests objects and arrays more than ${maxJsonDepth} levels deep`, {
          plugin,
          file,
          pointer: tooDeep,
        }),
      ],
    };
  }

  validatePluginJson ??= builtInValidator('plugin', pluginSchema);
  if (!validatePluginJson(value)) {
    return {
      problems: schemaErrorsToProblems(validatePluginJson.errors ?? [], {
        code: 'FARM_E003',
        file,
        plugin,
        document,
        rootSchema: pluginSchema,
      }),
    };
  }
  const problems = [...checkConfigSchema(value, file, document), ...checkProjectName(value, root, file, document)];
  return { loaded: { manifest: value, file, root, document }, problems };
}

function checkConfigSchema(manifest: FarmPluginManifest, file: string, document: JsonDocument): FarmProblem[] {
  if (!manifest.configSchema) return [];
  const at = (pointer: string) => ({ plugin: manifest.name, file, pointer, ...document.locate(pointer) });
  const ajv = sharedAjv();
  if (!ajv.validateSchema(manifest.configSchema)) {
    return (ajv.errors ?? []).map((e) =>
      problem('FARM_E005', `/configSchema${e.instancePath} ${e.message}`, at(`/configSchema${e.instancePath}`)),
    );
  }
  // A manifest must never make FARM read a file or fetch a URL (ajv, typegen): refs stay inside.
  const refs = schemaRefs(manifest.configSchema, '/configSchema');
  const outside = refs
    .filter((r) => !r.ref.startsWith('#'))
    .map(({ pointer }) =>
      problem('FARM_E005', `${pointer} points outside the configSchema; only "#/…" references are supported`, {
        ...at(pointer),
        fix: 'copy the referenced schema into definitions and point at it with "#/definitions/<name>"',
      }),
    );
  // A "#/…" reference to nothing: ajv would refuse to compile it later and typegen would throw.
  const dangling = refs
    .filter((r) => (r.ref === '#' || r.ref.startsWith('#/')) && !resolvesIn(manifest.configSchema, r.ref))
    .map(({ pointer, ref }) =>
      problem('FARM_E005', `${pointer} is "${ref}", which names nothing in the configSchema`, {
        ...at(pointer),
        fix: 'point at a schema that exists, e.g. "#/$defs/<name>" after adding it under $defs',
      }),
    );
  return [...outside, ...dangling];
}

/** Whether a `#/a/b` JSON pointer (RFC 6901, URI-encoded as in a `$ref`) names a value of `root`. */
function resolvesIn(root: unknown, ref: string): boolean {
  let node = root;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    let key: string;
    try {
      key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    } catch {
      return false;
    }
    if (!node || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, key)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}

/** Keywords whose values are data, not schemas: a "$ref" key inside them is just a key. */
const dataKeywords = new Set(['default', 'enum', 'const', 'examples']);

/** Every string `$ref` of the schema with its pointer, sorted by pointer. */
function schemaRefs(schema: unknown, base: string): { pointer: string; ref: string }[] {
  const found: { pointer: string; ref: string }[] = [];
  const pending: [unknown, string][] = [[schema, base]];
  while (pending.length) {
    const [node, pointer] = pending.pop()!;
    if (!node || typeof node !== 'object') continue;
    for (const [key, value] of Object.entries(node)) {
      const at = `${pointer}/${escapePointer(key)}`;
      if (key === '$ref' && typeof value === 'string') found.push({ pointer: at, ref: value });
      else if (!dataKeywords.has(key)) pending.push([value, at]);
    }
  }
  return found.sort((a, b) => (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0));
}

function checkProjectName(
  manifest: FarmPluginManifest,
  root: string,
  file: string,
  document: JsonDocument,
): FarmProblem[] {
  const folder = root.split('/').pop();
  const expected = projectNameOf(manifest.name);
  if (!root.startsWith('libs/plugins/') || folder === expected) return [];
  return [
    problem('FARM_E006', `"${manifest.name}" belongs in libs/plugins/${expected}, not ${root}`, {
      plugin: manifest.name,
      file,
      pointer: '/name',
      ...document.locate('/name'),
    }),
  ];
}
