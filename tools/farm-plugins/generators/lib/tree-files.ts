import type { Tree } from '@nx/devkit';
import { posix } from 'node:path';
import { ignoredPluginPaths, readPluginFolder, type PluginFile } from '../../src/plugin-files';

/** Every file under a Tree folder, with paths relative to it. */
export function treeFiles(tree: Tree, dir: string): { path: string; bytes: Buffer }[] {
  const out: { path: string; bytes: Buffer }[] = [];
  const walk = (rel: string) => {
    for (const child of tree.children(posix.join(dir, rel))) {
      const path = rel ? `${rel}/${child}` : child;
      if (ignoredPluginPaths.test(path)) continue;
      const full = posix.join(dir, path);
      if (tree.isFile(full)) out.push({ path, bytes: tree.read(full)! });
      else walk(path);
    }
  };
  walk('');
  return out;
}

/**
 * Every file of a plugin folder on disk, build products left out, read through plugin-files: a
 * link, special file or hard link to outside is refused (FARM_E110–E112), never followed.
 */
export function diskFiles(dir: string): PluginFile[] {
  return readPluginFolder(dir, dir);
}
