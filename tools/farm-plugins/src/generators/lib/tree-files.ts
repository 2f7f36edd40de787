import type { Tree } from '@nx/devkit';
import { posix } from 'node:path';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ignoredPluginPaths } from './integrity';

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

/** Every file under a disk folder (a fetched package), relative paths, build products left out. */
export function diskFiles(dir: string): { path: string; bytes: Buffer }[] {
  const out: { path: string; bytes: Buffer }[] = [];
  const walk = (rel: string) => {
    for (const child of readdirSync(join(dir, rel)).sort()) {
      const path = rel ? `${rel}/${child}` : child;
      if (ignoredPluginPaths.test(path)) continue;
      const stat = statSync(join(dir, path));
      if (stat.isDirectory()) walk(path);
      else if (stat.isFile()) out.push({ path, bytes: readFileSync(join(dir, path)) });
    }
  };
  walk('');
  return out;
}
