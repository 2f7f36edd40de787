import { basename, dirname, join, resolve, sep } from 'node:path';
import { readTextOrNull } from '../workspace-io/read-text';
import { folderListing, type FolderListing } from './folder-listing';

/** The frontend app's tsconfig `include`, read once (appInclude). */
export interface AppInclude {
  /**
   * Every root file of the app's program, in the order `tsc -p <tsconfig>` reads them: a walk of
   * every folder the include reaches, each path matched against its patterns.
   */
  all(): string[];
  /** Those of `files` the include lists, in the same order; only their folders are read. */
  inOrder(files: readonly string[]): string[];
  /**
   * The files under the folders the include reaches (the part of each pattern before its first
   * wildcard; node_modules skipped unless a pattern names it) with a TypeScript extension: a
   * superset of all(), found without matching a pattern, for a caller to pick from cheaply.
   */
  reachable(): string[];
}

/**
 * The root files of the frontend app's program as `tsc -p <tsconfig>` reads them
 * (`nx run frontend:typecheck`): the tsconfig's `include` expanded as the compiler expands it —
 * one include pattern after the other, each folder's files (sorted by code unit) before its
 * subfolders, one extension winning over another of the same name (`a.ts` over `a.tsx` and
 * `a.d.ts`), `exclude` and `files` applied — through the workspace as the change leaves it
 * (`overlay`: absolute path → text, null for a deleted file). Absolute paths.
 *
 * The order decides which of two global declarations is read first (issue 12): the first type of
 * an interface property wins, and a clash in a `.d.ts` is unsaid under skipLibCheck, so a gate
 * that read them in another order would judge another app. Expanded by TypeScript 6's own
 * `matchFiles` and config parser (the JavaScript compiler ts-morph bundles) — the algorithm
 * TypeScript 7 ports; app-root-files.spec.ts holds the two to the same list. TypeScript 7's
 * `parseConfigFile` would say it too, but it asks this process for each folder through the
 * virtual file system (12,000 folders at 1,000 plugins: 1.2–3 s). Matching every path costs too
 * (all(): ~1 s there, against ~0.45 s for reachable()'s plain walk), so inOrder() matches only
 * the folders of the files it orders.
 *
 * The disk's folders are read through `disk`, each once: the gate passes the listing its backend
 * half already walked the plugin folders with (folder-listing.ts); by default one of this call's
 * own, shared by all(), inOrder() and reachable().
 *
 * Throws Error when the tsconfig cannot be read or parsed (the caller says it could not check).
 */
export function appInclude(
  tsconfig: string,
  overlay: ReadonlyMap<string, string | null>,
  disk: FolderListing = folderListing(),
): AppInclude {
  // Loaded here, not at the top: the module is large and only the gate needs it.
  const { ts }: typeof import('ts-morph') = require('ts-morph');
  const matchFiles = (ts as unknown as { matchFiles: MatchFiles }).matchFiles;
  const configDir = dirname(tsconfig);
  const listing = overlaidEntries(overlay, disk);
  const readFile = (path: string) => {
    const over = overlay.get(path);
    return over === undefined ? (readTextOrNull(path) ?? undefined) : (over ?? undefined);
  };
  const read = ts.readConfigFile(tsconfig, readFile);
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  let asked: { extensions: readonly string[]; includes: readonly string[] } | undefined;
  /** The config's root files, its folders listed by `entries`. */
  const expand = (entries: Entries) =>
    ts.parseJsonConfigFileContent(
      read.config,
      {
        useCaseSensitiveFileNames: true,
        fileExists: (path: string) => readFile(path) !== undefined,
        readFile,
        readDirectory: (root, extensions, excludes, includes, depth) => {
          asked = { extensions, includes };
          return matchFiles(root, extensions, excludes, includes, true, configDir, depth, entries, (p) => p);
        },
      },
      configDir,
      undefined,
      tsconfig,
    ).fileNames;
  const literal = expand(() => ({ files: [], directories: [] }));

  return {
    all: () => expand(listing),
    inOrder: (files) => {
      const wanted = new Set(files);
      return expand(towards(files, listing)).filter((file) => wanted.has(file));
    },
    reachable: () => {
      const found = new Set(literal);
      // .json only where a pattern names it, as the compiler matches it (resolveJsonModule adds it to the extensions).
      const json = (asked?.includes ?? []).some((pattern) => pattern.endsWith('.json'));
      const extensions = (asked?.extensions ?? []).filter((ext) => json || ext !== '.json');
      const typeScript = (name: string) => extensions.some((ext) => name.endsWith(ext));
      const walk = (folder: string, modules: boolean) => {
        const entries = listing(folder);
        for (const name of entries.files) if (typeScript(name)) found.add(join(folder, name));
        for (const name of entries.directories)
          if (modules || name !== 'node_modules') walk(join(folder, name), modules);
      };
      const walked: string[] = [];
      for (const pattern of asked?.includes ?? []) {
        const path = resolve(configDir, pattern).split(sep);
        const wildcard = path.findIndex((part) => /[*?]/.test(part));
        const base = wildcard < 0 ? path.join(sep) : path.slice(0, wildcard).join(sep) || sep;
        const modules = pattern.includes('node_modules');
        // `**/*.ts` and `**/*.tsx` share their folder: walked once.
        if (walked.some((done) => base === done || base.startsWith(done + sep)) && !modules) continue;
        if (listing(dirname(base)).files.includes(basename(base))) found.add(base);
        else {
          walk(base, modules);
          walked.push(base);
        }
      }
      return [...found];
    },
  };
}

/** A folder listing, as matchFiles asks for it (it copies before it sorts; nobody mutates them). */
type Entries = (path: string) => { files: readonly string[]; directories: readonly string[] };

/**
 * `listing` cut down to the folders on the way to `files`: each shows the subfolders that lead to
 * one of them, and — when it holds one — all its files (a sibling of another extension decides
 * whether the file is a root: `a.ts` over `a.d.ts`).
 */
function towards(files: readonly string[], listing: Entries): Entries {
  const holders = new Set(files.map((file) => dirname(file)));
  const ways = new Map<string, Set<string>>();
  for (const holder of holders)
    for (let dir = holder; dirname(dir) !== dir; dir = dirname(dir)) {
      const parent = ways.get(dirname(dir)) ?? new Set<string>();
      ways.set(dirname(dir), parent.add(basename(dir)));
    }
  return (path) => ({
    files: holders.has(path) ? listing(path).files : [],
    directories: [...(ways.get(path) ?? [])],
  });
}

/** TypeScript's internal `matchFiles` (src/compiler/utilities.ts), as TypeScript 6.0 exports it at runtime. */
type MatchFiles = (
  path: string,
  extensions: readonly string[],
  excludes: readonly string[] | undefined,
  includes: readonly string[],
  useCaseSensitiveFileNames: boolean,
  currentDirectory: string,
  depth: number | undefined,
  getFileSystemEntries: (path: string) => { files: readonly string[]; directories: readonly string[] },
  realpath: (path: string) => string,
) => string[];

/**
 * A folder's listing as the change leaves it: the disk's, with the overlay's files (and the
 * folders that hold them) added and its deletions taken away.
 */
function overlaidEntries(overlay: ReadonlyMap<string, string | null>, disk: FolderListing): Entries {
  const added = new Map<string, { files: Set<string>; directories: Set<string> }>();
  /** Deleted file names by folder. */
  const deleted = new Map<string, Set<string>>();
  const at = (folder: string) => {
    let entry = added.get(folder);
    if (!entry) added.set(folder, (entry = { files: new Set(), directories: new Set() }));
    return entry;
  };
  for (const [path, text] of overlay) {
    if (text === null) {
      const names = deleted.get(dirname(path)) ?? new Set<string>();
      deleted.set(dirname(path), names.add(basename(path)));
      continue;
    }
    at(dirname(path)).files.add(basename(path));
    for (let dir = dirname(path); dirname(dir) !== dir; dir = dirname(dir))
      at(dirname(dir)).directories.add(basename(dir));
  }
  const none = { files: [], directories: [] };
  return (path) => {
    const listed = disk(path) ?? none;
    const more = added.get(path);
    const gone = deleted.get(path);
    // Most folders (every plugin's but the change's) are the disk's as they are: no copy.
    if (!more && !gone) return listed;
    const files = new Set(gone ? listed.files.filter((name) => !gone.has(name)) : listed.files);
    const directories = new Set(listed.directories);
    for (const name of more?.files ?? []) files.add(name);
    for (const name of more?.directories ?? []) directories.add(name);
    return { files: [...files], directories: [...directories] };
  };
}
