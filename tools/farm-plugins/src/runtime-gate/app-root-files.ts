import { basename, dirname, join } from 'node:path';
import { readTextOrNull } from '../workspace-io/read-text';
import { entriesOf } from './virtual-node-modules';

/**
 * The root files of the frontend app's program, in the order `tsc -p <tsconfig>` reads them
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
 * virtual file system (12,000 folders at 1,000 plugins: 1.2–3 s, against ~0.3 s here).
 *
 * Throws Error when the tsconfig cannot be read or parsed (the caller says it could not check).
 */
export function appRootFiles(tsconfig: string, overlay: ReadonlyMap<string, string | null>): string[] {
  // Loaded here, not at the top: the module is large and only the gate needs it.
  const { ts }: typeof import('ts-morph') = require('ts-morph');
  const matchFiles = (ts as unknown as { matchFiles: MatchFiles }).matchFiles;
  const entries = overlaidEntries(overlay);
  const readFile = (path: string) => {
    const over = overlay.get(path);
    return over === undefined ? (readTextOrNull(path) ?? undefined) : (over ?? undefined);
  };
  const read = ts.readConfigFile(tsconfig, readFile);
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const host = {
    useCaseSensitiveFileNames: true,
    fileExists: (path: string) => readFile(path) !== undefined,
    readFile,
    readDirectory: (
      root: string,
      extensions: readonly string[],
      excludes: readonly string[] | undefined,
      includes: readonly string[],
      depth?: number,
    ) => matchFiles(root, extensions, excludes, includes, true, dirname(tsconfig), depth, entries, (p) => p),
  };
  return ts.parseJsonConfigFileContent(read.config, host, dirname(tsconfig), undefined, tsconfig).fileNames;
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
function overlaidEntries(
  overlay: ReadonlyMap<string, string | null>,
): (path: string) => { files: string[]; directories: string[] } {
  const added = new Map<string, { files: Set<string>; directories: Set<string> }>();
  const deleted = new Set<string>();
  const at = (folder: string) => {
    let entry = added.get(folder);
    if (!entry) added.set(folder, (entry = { files: new Set(), directories: new Set() }));
    return entry;
  };
  for (const [path, text] of overlay) {
    if (text === null) {
      deleted.add(path);
      continue;
    }
    at(dirname(path)).files.add(basename(path));
    for (let dir = dirname(path); dirname(dir) !== dir; dir = dirname(dir))
      at(dirname(dir)).directories.add(basename(dir));
  }
  return (path) => {
    const disk = entriesOf(path) ?? { files: [], directories: [] };
    const more = added.get(path);
    const files = new Set(disk.files.filter((name) => !deleted.has(join(path, name))));
    const directories = new Set(disk.directories);
    for (const name of more?.files ?? []) files.add(name);
    for (const name of more?.directories ?? []) directories.add(name);
    return { files: [...files], directories: [...directories] };
  };
}
