import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extract, type ReadEntry } from 'tar';
import { FarmError, problem } from '../core/errors';
import { unsafeEntryProblems, type UnsafeEntry } from './unsafe-entry';

/** Tar entry types a plugin package may hold; anything else (links, devices, FIFOs …) is refused. */
const fileTypes = new Set(['File', 'OldFile', 'ContiguousFile']);

/**
 * Extracts a (gzipped) tarball into the empty folder `into` with node-tar, never the system tar:
 * only files and folders with relative paths inside the package come out, owners are not kept,
 * set-id bits are dropped. Every refused entry is reported together (FARM_E110–E113), located by
 * its path in the tarball; a file that is no tarball is FARM_E095. Returns the package's folder
 * (see packageRootIn).
 */
export function unpackPluginTarball(file: string, into: string, origin: string): string {
  const refused: UnsafeEntry[] = [];
  const keep = (path: string, entry: ReadEntry): boolean => {
    const escape = escapeOf(path);
    if (escape) refused.push({ path, kind: 'escape', detail: escape });
    else if (entry.type === 'SymbolicLink') refused.push({ path, kind: 'symlink', detail: String(entry.linkpath) });
    else if (entry.type === 'Link')
      refused.push({ path, kind: 'hardlink', detail: `to "${entry.linkpath}" (npm pack never writes one)` });
    else if (entry.type !== 'Directory' && !fileTypes.has(entry.type))
      refused.push({ path, kind: 'special', detail: specialKind(entry.type) });
    else {
      // Readable by us, never set-id or sticky, whatever the archive says.
      entry.mode = ((entry.mode ?? 0) & 0o777) | (entry.type === 'Directory' ? 0o700 : 0o600);
      return true;
    }
    return false;
  };
  try {
    extract({
      file,
      cwd: into,
      sync: true,
      strict: true,
      preserveOwner: false,
      filter: (path, entry) => keep(path, entry as ReadEntry),
    });
  } catch (error) {
    throw new FarmError([
      problem('FARM_E095', `${origin} cannot be extracted: ${(error as Error).message}`, {
        file: origin,
        fix: 'pack the plugin with npm pack (a gzipped tar holding package/plugin.json)',
      }),
    ]);
  }
  refused.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (refused.length) throw new FarmError(unsafeEntryProblems(refused, { origin, plugin: pluginNameIn(into) }));
  return packageRootIn(into);
}

/**
 * The plugin folder in an unpacked package or a clone: the root when it holds plugin.json, else
 * `package/` (npm pack's layout), else its one top-level folder. A link is never taken for one.
 */
export function packageRootIn(dir: string): string {
  if (existsSync(join(dir, 'plugin.json'))) return dir;
  if (isRealDirectory(join(dir, 'package'))) return join(dir, 'package');
  const children = readdirSync(dir).filter((c) => !c.startsWith('.') && isRealDirectory(join(dir, c)));
  const [only, ...others] = children;
  return only !== undefined && !others.length ? join(dir, only) : dir;
}

/** Why a tar entry's path would land outside the folder it is extracted to, if it would. */
function escapeOf(path: string): string | undefined {
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.startsWith('\\'))
    return 'its path is absolute; a package holds relative paths only';
  if (path.split(/[/\\]/).includes('..')) return 'its path climbs out of the package with ..';
  return undefined;
}

function specialKind(type: string): string {
  const kinds: Record<string, string> = {
    FIFO: 'FIFO (named pipe)',
    CharacterDevice: 'character device',
    BlockDevice: 'block device',
  };
  return kinds[type] ?? `tar entry of type ${type}`;
}

function isRealDirectory(path: string): boolean {
  return lstatSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
}

/** The package name in the extracted plugin.json, if any; only to name the plugin in a problem. */
function pluginNameIn(dir: string): string | undefined {
  const manifest = join(packageRootIn(dir), 'plugin.json');
  if (lstatSync(manifest, { throwIfNoEntry: false })?.isFile() !== true) return undefined;
  try {
    const name = JSON.parse(readFileSync(manifest, 'utf8')).name;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}
