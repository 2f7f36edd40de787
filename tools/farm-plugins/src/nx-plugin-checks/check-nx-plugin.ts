import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { escapePointer } from '../core/json';

/** One thing wrong with the plugin's Nx registration: the file, where in it (JSON pointer), what. */
export interface PluginCheckProblem {
  /** Relative to the plugin root. */
  file: string;
  pointer: string;
  message: string;
}

/**
 * The checks `@nx/nx-plugin-checks` (of `@nx/eslint-plugin`) makes of an Nx plugin, by hand:
 * that package has no release for Nx 24 (its newest is 23.x). Reads `<root>/package.json`, its
 * `executors` and `generators` files and every schema they name, and checks that
 * - each entry has a `description`, an implementation / factory and a `schema` that resolve to
 *   files, and the implementation exports what Nx will call (the `#name` after a factory path,
 *   else the default export) — found by requiring it, as Nx does;
 * - each schema.json parses, names its `$schema`, has `type: "object"` and `properties`, describes
 *   itself and each of its properties (Nx prints "undefined" for a property without one), lists in
 *   `required` only properties it has, and compiles under ajv's strict mode with Nx's own keywords
 *   allowed (so a misspelt keyword is an error, not silently ignored);
 * - generator `aliases` and option `alias`es are unique (an alias shadowing another name makes
 *   `nx g` run the wrong one);
 * - every folder under executors/ and generators/ with a schema.json is registered.
 * Returns every problem found, in file order; an empty list means the plugin passes.
 */
export function checkNxPlugin(root: string): PluginCheckProblem[] {
  const problems: PluginCheckProblem[] = [];
  const report = (file: string, pointer: string, message: string) =>
    problems.push({ file: relative(root, file) || file, pointer, message });
  const packageJson = readJson(join(root, 'package.json'), report) as
    { executors?: unknown; generators?: unknown } | undefined;
  if (!packageJson) return problems;
  const registered = new Set<string>();
  for (const [field, entriesKey] of [
    ['executors', 'executors'],
    ['generators', 'generators'],
  ] as const) {
    const target = packageJson[field];
    if (typeof target !== 'string') {
      report(
        join(root, 'package.json'),
        `/${field}`,
        `names no ${field}.json (a string path is needed for nx to find the ${field})`,
      );
      continue;
    }
    const collectionFile = join(root, target);
    const collection = readJson(collectionFile, report) as Record<string, unknown> | undefined;
    if (!collection) continue;
    const entries = collection[entriesKey];
    if (!isObject(entries)) {
      report(collectionFile, `/${entriesKey}`, 'must be an object of entries');
      continue;
    }
    checkAliases(entries, collectionFile, entriesKey, report);
    for (const [name, entry] of Object.entries(entries)) {
      const at = `/${entriesKey}/${escapePointer(name)}`;
      if (!isObject(entry)) {
        report(collectionFile, at, 'must be an object');
        continue;
      }
      if (typeof entry.description !== 'string' || !entry.description.trim())
        report(collectionFile, `${at}/description`, 'is missing: nx list shows it');
      const codeKeys = field === 'executors' ? ['implementation', 'batchImplementation'] : ['factory'];
      for (const key of codeKeys) {
        if (entry[key] === undefined && key === 'batchImplementation') continue;
        checkCodePath(entry[key], dirname(collectionFile), collectionFile, `${at}/${key}`, report);
      }
      if (typeof entry.schema !== 'string')
        report(collectionFile, `${at}/schema`, 'is missing: the path of the options schema.json');
      else {
        const schemaFile = join(dirname(collectionFile), entry.schema);
        registered.add(schemaFile);
        if (!existsSync(schemaFile)) report(collectionFile, `${at}/schema`, `${entry.schema} does not exist`);
        else checkOptionsSchema(schemaFile, report);
      }
    }
  }
  for (const folder of ['executors', 'generators']) {
    for (const schemaFile of schemasUnder(join(root, folder))) {
      if (!registered.has(schemaFile))
        report(
          schemaFile,
          '',
          `is not registered in ${folder}.json (an unregistered ${folder.slice(0, -1)} cannot be run)`,
        );
    }
  }
  return problems;
}

/** `file#pointer: message`, one per line. */
export function formatPluginCheckProblems(problems: readonly PluginCheckProblem[]): string {
  return problems.map((p) => `${p.file}#${p.pointer}: ${p.message}`).join('\n');
}

type Report = (file: string, pointer: string, message: string) => void;

/** Keywords Nx reads from an options schema besides JSON Schema's own (nx/src/utils/params.ts). */
const nxKeywords = [
  '$default',
  'x-prompt',
  'x-priority',
  'x-deprecated',
  'x-dropdown',
  'x-completion-type',
  'x-completion-glob',
  'alias',
  'aliases',
  'cli',
  'version',
  'outputCapture',
  'presets',
  'hidden',
  'visible',
];

function checkOptionsSchema(file: string, report: Report): void {
  const schema = readJson(file, report);
  if (!schema) return;
  if (!isObject(schema)) {
    report(file, '', 'must be a JSON object');
    return;
  }
  if (typeof schema.$schema !== 'string')
    report(file, '/$schema', 'is missing: name the JSON Schema dialect ("https://json-schema.org/schema")');
  if (schema.type !== 'object') report(file, '/type', 'must be "object": options are an object');
  if (typeof schema.description !== 'string' || !schema.description.trim())
    report(file, '/description', 'is missing: --help prints it');
  if (!isObject(schema.properties)) {
    report(file, '/properties', 'is missing: list the options (an empty object if there are none)');
    return;
  }
  const aliases = new Map<string, string>();
  for (const [name, property] of Object.entries(schema.properties)) {
    const at = `/properties/${escapePointer(name)}`;
    if (!isObject(property)) continue;
    if (typeof property.description !== 'string' || !property.description.trim())
      report(file, `${at}/description`, `is missing: --help prints "undefined" for --${name}`);
    const own =
      typeof property.alias === 'string'
        ? [property.alias]
        : Array.isArray(property.aliases)
          ? property.aliases.filter((a): a is string => typeof a === 'string')
          : [];
    for (const alias of own) {
      const taken =
        aliases.get(alias) ?? (alias !== name && Object.hasOwn(schema.properties, alias) ? alias : undefined);
      if (taken) report(file, `${at}/alias`, `"${alias}" is already --${taken}`);
      else aliases.set(alias, name);
    }
  }
  if (Array.isArray(schema.required)) {
    schema.required.forEach((name, i) => {
      if (typeof name !== 'string' || !Object.hasOwn(schema.properties as object, name))
        report(file, `/required/${i}`, `${JSON.stringify(name)} is not a property`);
    });
  }
  const ajv = new Ajv({
    strictSchema: true,
    strictTypes: false,
    allowUnionTypes: true,
    allErrors: true,
    validateSchema: true,
  });
  addFormats(ajv);
  for (const keyword of nxKeywords) ajv.addKeyword(keyword);
  // The draft Nx's own schemas name ("https://json-schema.org/schema") is not a URL ajv knows; the keywords are draft-07's.
  const { $schema: _dialect, ...rest } = schema;
  try {
    ajv.compile(rest);
  } catch (error) {
    report(file, '', `is not a valid JSON Schema: ${(error as Error).message}`);
  }
}

/** A generator's `aliases` must not repeat another generator's name or alias. */
function checkAliases(entries: Record<string, unknown>, file: string, entriesKey: string, report: Report): void {
  const owner = new Map<string, string>(Object.keys(entries).map((name) => [name, name]));
  for (const [name, entry] of Object.entries(entries)) {
    if (!isObject(entry) || entry.aliases === undefined) continue;
    if (!Array.isArray(entry.aliases)) {
      report(file, `/${entriesKey}/${escapePointer(name)}/aliases`, 'must be an array of names');
      continue;
    }
    entry.aliases.forEach((alias, i) => {
      const taken = typeof alias === 'string' ? owner.get(alias) : undefined;
      if (typeof alias !== 'string')
        report(file, `/${entriesKey}/${escapePointer(name)}/aliases/${i}`, 'must be a name');
      else if (taken)
        report(
          file,
          `/${entriesKey}/${escapePointer(name)}/aliases/${i}`,
          `"${alias}" already names the ${entriesKey.slice(0, -1)} "${taken}"`,
        );
      else owner.set(alias, name);
    });
  }
}

/** `./path/to/module` or `./path/to/module#exportName`: the file exists and exports a function there. */
function checkCodePath(value: unknown, base: string, file: string, pointer: string, report: Report): void {
  if (typeof value !== 'string' || !value) {
    report(file, pointer, 'is missing: the path of the module nx runs');
    return;
  }
  const [path, exportName] = value.split('#') as [string, string | undefined];
  const resolved = resolveModule(join(base, path));
  if (!resolved) {
    report(file, pointer, `${path} resolves to no file (tried .ts, .js and index files)`);
    return;
  }
  let loaded: Record<string, unknown>;
  try {
    loaded = require(resolved) as Record<string, unknown>;
  } catch (error) {
    report(file, pointer, `${path} fails to load: ${(error as Error).message.split('\n')[0]}`);
    return;
  }
  const name = exportName ?? 'default';
  if (typeof loaded[name] !== 'function')
    report(
      file,
      pointer,
      `${path} has no ${exportName ? `export "${exportName}"` : 'default export'} that is a function`,
    );
}

function resolveModule(path: string): string | undefined {
  return ['', '.ts', '.js', '/index.ts', '/index.js']
    .map((ext) => path + ext)
    .find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}

/** schema.json files one level below a folder (one folder per generator / executor), sorted. */
function schemasUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(folder, d.name, 'schema.json'))
    .filter((f) => existsSync(f))
    .sort();
}

function readJson(file: string, report: Report): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    report(file, '', 'does not exist');
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    report(file, '', `is not JSON: ${(error as Error).message}`);
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
