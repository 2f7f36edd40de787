import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  type Stats,
} from 'node:fs';
import { join } from 'node:path';
import { FarmError, problem } from '../core/errors';
import { unsafeEntryProblems, type EntryOrigin, type UnsafeEntry } from './unsafe-entry';

/** One file of a plugin, by its path inside the plugin folder. */
export interface PluginFile {
  path: string;
  bytes: Buffer;
}

/** Build products and caches: never copied, hashed or checked as part of a plugin. */
export const ignoredPluginPaths = /(^|\/)(node_modules|generated|dist|__pycache__|\.git|\.pytest_cache)(\/|$)|\.pyc$/;

/** What a plugin folder holds: its regular files (sorted) and the entries no copy may take over. */
export interface PluginFolderScan {
  files: { path: string; stat: Stats }[];
  unsafe: UnsafeEntry[];
}

/**
 * Walks a plugin folder without following anything: symbolic links (to anywhere), FIFOs, sockets,
 * devices, and files hard-linked to a file outside the folder (more links than the walk found)
 * are unsafe entries. Paths matching `skip` (by default node_modules/, dist/ …) are not entered.
 */
export function scanPluginFolder(dir: string, skip: RegExp = ignoredPluginPaths): PluginFolderScan {
  const scan: PluginFolderScan = { files: [], unsafe: [] };
  const linked = new Map<string, { paths: string[]; nlink: number }>();
  const walk = (rel: string) => {
    for (const child of readdirSync(join(dir, rel)).sort()) {
      const path = rel ? `${rel}/${child}` : child;
      if (skip.test(path)) continue;
      const stat = lstatSync(join(dir, path));
      if (stat.isDirectory()) walk(path);
      else if (stat.isFile()) {
        scan.files.push({ path, stat });
        if (stat.nlink > 1) {
          const key = `${stat.dev}:${stat.ino}`;
          const group = linked.get(key) ?? { paths: [], nlink: stat.nlink };
          group.paths.push(path);
          linked.set(key, group);
        }
      } else if (stat.isSymbolicLink())
        scan.unsafe.push({ path, kind: 'symlink', detail: linkTarget(join(dir, path)) });
      else scan.unsafe.push({ path, kind: 'special', detail: specialKind(stat) });
    }
  };
  walk('');
  for (const { paths, nlink } of linked.values()) {
    if (paths.length >= nlink) continue;
    for (const path of paths)
      scan.unsafe.push({
        path,
        kind: 'hardlink',
        detail: `(${nlink} names for one file, ${nlink - paths.length} of them outside the plugin)`,
      });
  }
  scan.unsafe.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return scan;
}

/**
 * The one way plugin files are read for a copy into the workspace (add, update; every source:
 * folder, .tgz, git, registry, official): every unsafe entry is refused together, located, before
 * anything is read, and each file is opened without following a link that replaced it meanwhile.
 */
export function readPluginFolder(dir: string, origin: string): PluginFile[] {
  if (!statSync(dir).isDirectory())
    throw new FarmError([problem('FARM_E001', `${origin} is not a folder`, { file: origin })]);
  const scan = scanPluginFolder(dir);
  if (scan.unsafe.length)
    throw new FarmError(unsafeEntryProblems(scan.unsafe, { origin, plugin: pluginNameIn(dir, scan) }));
  return scan.files.map(({ path, stat }) => ({ path, bytes: readRegularFile(join(dir, path), stat, origin) }));
}

/** The problems of a plugin folder's unsafe entries, for validate (the same rules as a copy). */
export function pluginFolderProblems(dir: string, at: EntryOrigin): ReturnType<typeof unsafeEntryProblems> {
  return unsafeEntryProblems(scanPluginFolder(dir).unsafe, at);
}

/** The package name in plugin.json, if it reads; only to name the plugin in a problem. */
function pluginNameIn(dir: string, scan: PluginFolderScan): string | undefined {
  const manifest = scan.files.find((f) => f.path === 'plugin.json');
  if (!manifest) return undefined;
  try {
    const name = JSON.parse(readRegularFile(join(dir, manifest.path), manifest.stat, dir).toString('utf8')).name;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

/** Reads the file the scan saw: a link or another file put there since is not followed. */
function readRegularFile(file: string, seen: Stats, origin: string): Buffer {
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO swapped in would otherwise block the open until a writer comes.
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    throw changedWhileRead(file, origin, (error as Error).message);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.ino !== seen.ino || stat.dev !== seen.dev)
      throw changedWhileRead(file, origin, 'it is no longer the file that was checked');
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

function changedWhileRead(file: string, origin: string, why: string): Error {
  return new Error(
    `${file} (in ${origin}) changed while it was copied (${why}); nothing was installed. Try again, and find out what else writes there.`,
  );
}

function linkTarget(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '(unreadable)';
  }
}

function specialKind(stat: Stats): string {
  if (stat.isFIFO()) return 'FIFO (named pipe)';
  if (stat.isSocket()) return 'socket';
  if (stat.isCharacterDevice()) return 'character device';
  if (stat.isBlockDevice()) return 'block device';
  return 'special file';
}
