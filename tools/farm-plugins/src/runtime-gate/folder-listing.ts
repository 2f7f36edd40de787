import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** One folder's entries on disk, by name, in the order the disk gives them (unsorted). */
export interface ListedFolder {
  /** Everything that is not a folder (a link to a file is a file). */
  readonly files: readonly string[];
  /** Folders, links to folders among them. */
  readonly directories: readonly string[];
  /** Those of `directories` that are symbolic links. */
  readonly links: ReadonlySet<string>;
}

/**
 * A folder's entries (absolute path in; undefined when it cannot be read), each folder read once
 * per listing. Never mutate what it returns: the next caller gets the same arrays.
 */
export type FolderListing = (path: string) => ListedFolder | undefined;

/**
 * The disk's folders as one runtime gate sees them: each read at most once, whoever asks first.
 * The gate's two halves walk the same plugin folders — the backend half stamps each file for its
 * route digests (route-record.ts), the frontend half finds the app's root files in tsc's order
 * (app-root-files.ts) — ~12,000 folders at 1,000 plugins, ~0.35 s a walk on the main thread.
 * Made per gate (the disk does not change while a gate judges a change; the change is in the
 * Tree), never kept between gates: a later one must see what was written since.
 */
export function folderListing(): FolderListing {
  const listed = new Map<string, ListedFolder | undefined>();
  return (path) => {
    if (listed.has(path)) return listed.get(path);
    const entries = readFolder(path);
    listed.set(path, entries);
    return entries;
  };
}

/**
 * One folder's entries on disk (absolute path; undefined when it cannot be read): links to
 * folders are folders, and marked; anything else — a link to a file, a broken link — a file. The
 * compiler's listing (virtual-node-modules' entriesOf) reads folders with it too.
 */
export function readFolder(path: string): ListedFolder | undefined {
  try {
    const files: string[] = [];
    const directories: string[] = [];
    const links = new Set<string>();
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (entry.isDirectory()) directories.push(entry.name);
      else if (entry.isSymbolicLink() && statSync(join(path, entry.name), { throwIfNoEntry: false })?.isDirectory()) {
        directories.push(entry.name);
        links.add(entry.name);
      } else files.push(entry.name); // a broken link too
    }
    return { files, directories, links };
  } catch {
    return undefined;
  }
}
