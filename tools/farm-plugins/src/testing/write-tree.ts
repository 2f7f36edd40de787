import type { Tree } from '@nx/devkit';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';

/** Writes every file of a virtual Tree (from `dir`, '' for all) under `root` on disk, so real runtimes can read them. */
export function writeTree(tree: Tree, dir: string, root: string): void {
  for (const child of tree.children(dir)) {
    const path = dir ? posix.join(dir, child) : child;
    if (tree.isFile(path)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), tree.read(path)!);
    } else writeTree(tree, path, root);
  }
}
