import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspaceReader } from '../core/state';
import { pluginsDir } from '../core/manifest';

export interface DiskWorkspace extends WorkspaceReader {
  /** Whether a workspace-relative path exists: the plan's `exists` question, asked ~17 times per plugin. */
  exists(path: string): boolean;
}

/** The core's workspace reader over the real disk, for executors, the graph plugin and the CLI. */
export function diskWorkspace(workspaceRoot: string): DiskWorkspace {
  const rootSlash = workspaceRoot.endsWith('/') ? workspaceRoot : `${workspaceRoot}/`;
  return {
    read(path) {
      try {
        return readFileSync(join(workspaceRoot, path), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    listManifests() {
      return listPluginManifests(workspaceRoot);
    },
    linkedPluginFolders() {
      return linkedPluginFolders(workspaceRoot);
    },
    exists(path) {
      // A plain relative path is joined by concatenation: path.join's normalisation cost more than
      // the stat itself at 17,000 calls (docs/performance.md). Anything unusual takes join().
      const plain =
        !path.startsWith('/') &&
        !path.startsWith('.') &&
        !path.includes('/.') &&
        !path.includes('//') &&
        !path.endsWith('/');
      return existsSync(plain ? rootSlash + path : join(workspaceRoot, path));
    },
    version(path) {
      // Identity and change stamps: any write moves mtime/ctime (ns), a replace moves the inode.
      try {
        const stat = statSync(join(workspaceRoot, path), { bigint: true, throwIfNoEntry: false });
        return stat?.isFile() ? `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}` : null;
      } catch {
        return null;
      }
    },
  };
}

/**
 * `libs/plugins/<name>/plugin.json` files, sorted: what the glob `libs/plugins/*\/plugin.json`
 * matches (no dot-folders, files only, symlinks followed), from one readdir and a stat per folder
 * instead of a glob walk (which read every plugin folder: ~40 ms at 1,000 plugins).
 */
function listPluginManifests(workspaceRoot: string): string[] {
  let names: string[];
  try {
    names = readdirSync(join(workspaceRoot, pluginsDir));
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const file = `${pluginsDir}/${name}/plugin.json`;
    if (isFile(join(workspaceRoot, file))) files.push(file);
  }
  return files.sort();
}

/**
 * Plugin folders reached through a symbolic link: a link in libs/plugins (the file types come with
 * the one readdir), or every folder when libs/plugins itself does not lie where it seems to.
 */
function linkedPluginFolders(workspaceRoot: string): { folder: string; real: string }[] {
  const dir = join(workspaceRoot, pluginsDir);
  let entries;
  let realDir: string;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
    realDir = realpathSync(dir);
  } catch {
    return [];
  }
  const throughLink = realDir !== join(realpathSync(workspaceRoot), pluginsDir);
  const linked: { folder: string; real: string }[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith('.') || !(throughLink || entry.isSymbolicLink())) continue;
    const folder = `${pluginsDir}/${entry.name}`;
    if (!isFile(join(workspaceRoot, folder, 'plugin.json'))) continue;
    linked.push({ folder, real: realpathSync(join(workspaceRoot, folder)) });
  }
  return linked;
}

function isFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() === true;
  } catch {
    // ENOTDIR (a file in libs/plugins), EACCES: not a plugin folder.
    return false;
  }
}
