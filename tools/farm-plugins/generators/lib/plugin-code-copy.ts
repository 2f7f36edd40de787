import type { Tree } from '@nx/devkit';
import { existsSync, mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { makeScratchFolder } from '../../src/workspace-io/scratch-folder';
import { treeFiles } from './tree-files';

/** One plugin's code on disk, as the Tree holds it. */
export interface PluginCode {
  /** Absolute folder of the copy. */
  dir: string;
  /** The workspace-relative plugin folder it copies (libs/plugins/x). */
  root: string;
}

/**
 * Plugins' files as the Tree holds them, written to a scratch workspace (`<root>/<plugin root>/…`):
 * the code analysis reads this copy and the lifecycle hooks load it, so the code that runs is the
 * code that was checked — and the code the generator commits. Created by the generator, which
 * disposes of it when done.
 */
export interface PluginCodeCopy {
  /** Root of the scratch workspace. */
  root: string;
  /** Copies one plugin folder out of the Tree, once; later calls return that copy. */
  copy(pluginRoot: string): PluginCode;
  dispose(): void;
}

export function createPluginCodeCopy(tree: Tree): PluginCodeCopy {
  // Node reports module paths as real paths: the copy's own, for locating stack frames.
  const scratch = makeScratchFolder('code');
  const root = realpathSync(scratch.path);
  const copies = new Map<string, PluginCode>();
  // Bare imports resolve as in the workspace, through its node_modules (build products are not copied).
  linkIfPresent(join(tree.root, 'node_modules'), join(root, 'node_modules'));
  return {
    root,
    copy(pluginRoot) {
      const known = copies.get(pluginRoot);
      if (known) return known;
      const dir = join(root, pluginRoot);
      mkdirSync(dir, { recursive: true });
      for (const file of treeFiles(tree, pluginRoot)) {
        mkdirSync(dirname(join(dir, file.path)), { recursive: true });
        writeFileSync(join(dir, file.path), file.bytes);
      }
      linkIfPresent(join(tree.root, pluginRoot, 'node_modules'), join(dir, 'node_modules'));
      const code = { dir, root: pluginRoot };
      copies.set(pluginRoot, code);
      return code;
    },
    dispose: scratch.remove,
  };
}

function linkIfPresent(target: string, link: string): void {
  if (existsSync(target)) symlinkSync(target, link, 'dir');
}
