import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { FarmError, problem } from '../../../src/core/errors';
import type { PluginSourceType } from '../../../src/core/workspace';
import { makeScratchFolder } from '../../../src/workspace-io/scratch-folder';
import { packageRootIn, readPluginFolder, unpackPluginTarball, type PluginFile } from '../../../src/plugin-files';
import { cloneGitRef } from './clone-git';
import type { PluginSpec } from './parse-plugin-spec';

/** A plugin package on disk, ready to be read and copied into the workspace. */
export interface FetchedPlugin {
  dir: string;
  source: { type: PluginSourceType; spec: string; registry?: string; resolved?: string };
  /** Its files, read once and checked (plugin-files): what goes into the Tree and the integrity. */
  files: readonly PluginFile[];
  /** Removes what fetching left in the temp dir (nothing for a local folder). */
  cleanup?: () => void;
}

/**
 * Local folders, tarballs and git repositories (paths already resolved by parsePluginSpec);
 * registry packages and tarball URLs go through `registry/`. Each is read through plugin-files,
 * which refuses links and special files before anything is written.
 */
export function fetchFromDisk(spec: Exclude<PluginSpec, { type: 'name' | 'remote' }>, raw: string): FetchedPlugin {
  switch (spec.type) {
    case 'local': {
      // The folder the user named may itself be reached through a link; what it holds may not.
      const dir = realFolder(spec.path);
      return { dir, source: { type: 'local', spec: raw }, files: readPluginFolder(dir, dir) };
    }
    case 'tarball': {
      const file = spec.path;
      if (!existsSync(file)) throw new Error(`${file} does not exist`);
      return inTempDir('tgz', (work) => {
        const dir = requirePluginJson(unpackPluginTarball(file, work, file), file);
        return { dir, source: { type: 'tarball', spec: raw }, files: readPluginFolder(dir, file) };
      });
    }
    case 'git':
      return inTempDir('git', (work) => {
        const commit = cloneGitRef(spec.url, spec.ref, work);
        const resolved = `${spec.url}#${commit}`;
        const dir = requirePluginJson(packageRootIn(work), resolved);
        return { dir, source: { type: 'git', spec: raw, resolved }, files: readPluginFolder(dir, resolved) };
      });
  }
}

/** Runs `fetch` in a fresh temp folder, removed on failure or by the result's cleanup. */
function inTempDir(kind: string, fetch: (work: string) => Omit<FetchedPlugin, 'cleanup'>): FetchedPlugin {
  const scratch = makeScratchFolder(kind);
  const work = scratch.path;
  const cleanup = scratch.remove;
  try {
    return { ...fetch(work), cleanup };
  } catch (error) {
    cleanup();
    throw error;
  }
}

function realFolder(dir: string): string {
  if (!existsSync(join(dir, 'plugin.json')))
    throw new FarmError([
      problem('FARM_E001', `${dir} has no plugin.json: not a FARM plugin folder`, { file: join(dir, 'plugin.json') }),
    ]);
  return realpathSync(dir);
}

function requirePluginJson(dir: string, origin: string): string {
  if (existsSync(join(dir, 'plugin.json'))) return dir;
  throw new FarmError([
    problem('FARM_E095', `no plugin.json found in ${origin} (at its root or in its one folder)`, { file: origin }),
  ]);
}
