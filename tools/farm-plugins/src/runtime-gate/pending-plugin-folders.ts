import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import type { LoadedManifest } from '../core/manifest';
import { renameIntoPlace, reuseStagedSet, scratchFor } from '../workspace-io/staged-sets';

/**
 * The files of a change not written yet (the generator's Nx Tree: `read`, `children`, `isFile`,
 * `exists` take workspace-relative posix paths), as far as the gate's npm staging reads them.
 */
export interface PendingFiles {
  exists(path: string): boolean;
  isFile(path: string): boolean;
  children(path: string): string[];
  read(path: string): Buffer | null;
}

/** Where copies of plugin folders that exist only in a pending change are kept (a cache: deleting it is safe). */
export const pendingPluginCache = 'node_modules/.cache/farm/gate-plugins';

/**
 * The absolute folder a plugin's files are on disk now: `<workspaceRoot>/<loaded.root>` when
 * its plugin.json is there; else, when only `pending` holds it (`nx g @farm/plugins:add` copies
 * the plugin into the Tree and writes it only after the gate passes), a copy of exactly the
 * Tree's files of that folder under `<workspaceRoot>/node_modules/.cache/farm/gate-plugins/
 * <digest of paths and bytes>` — content-addressed, so a copy never stands for other bytes —
 * made through a scratch folder renamed into place (staged-sets.ts) and pruned after a week
 * unused. Why: npm installs a plugin's own `file:` tarball from disk, before the plugin is.
 */
export function pluginFolderOnDisk(workspaceRoot: string, loaded: LoadedManifest, pending?: PendingFiles): string {
  const root = resolve(workspaceRoot);
  const folder = resolve(root, loaded.root);
  const manifest = posix.join(loaded.root, 'plugin.json');
  if (existsSync(join(folder, 'plugin.json')) || !pending?.exists(manifest)) return folder;
  const files = pendingFilesUnder(pending, loaded.root);
  const hash = createHash('sha256');
  for (const [path, bytes] of files) hash.update(`${path}\0${bytes.length}\0`).update(bytes);
  const cache = join(root, pendingPluginCache);
  const copy = join(cache, hash.digest('hex').slice(0, 32));
  if (reuseStagedSet(copy)) return copy;
  const scratch = scratchFor(cache, copy);
  try {
    for (const [path, bytes] of files) {
      const target = join(scratch.path, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, bytes);
    }
    mkdirSync(scratch.path, { recursive: true });
    renameIntoPlace(scratch.path, copy);
  } finally {
    scratch.remove();
  }
  return copy;
}

/** The files under `folder` in `pending`, relative to it, sorted by path. */
function pendingFilesUnder(pending: PendingFiles, folder: string): [string, Buffer][] {
  const found: [string, Buffer][] = [];
  const walk = (rel: string) => {
    for (const child of [...pending.children(posix.join(folder, rel))].sort()) {
      const path = posix.join(rel, child);
      const full = posix.join(folder, path);
      if (pending.isFile(full)) found.push([path, pending.read(full) ?? Buffer.alloc(0)]);
      else walk(path);
    }
  };
  walk('');
  return found;
}
