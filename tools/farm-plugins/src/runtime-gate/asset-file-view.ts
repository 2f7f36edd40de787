import type { Tree } from '@nx/devkit';
import { readdirSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { readTextOrNull } from '../workspace-io/read-text';

/**
 * The workspace as the frontend asset check reads it: workspace-relative posix paths, the
 * change's files over the disk (a generator's Tree) or the disk alone (validate).
 */
export interface AssetFileView {
  /** Absolute workspace root (for paths outside it, asked of the disk). */
  root: string;
  isFile(path: string): boolean;
  isDirectory(path: string): boolean;
  /** UTF-8 text, undefined when it is not a file. */
  read(path: string): string | undefined;
  /** Names in a folder (files and folders), sorted; empty when it is not one. */
  list(path: string): string[];
}

/** The view of a generator's Tree: its changes over the disk; a path outside the workspace, the disk's. */
export function treeFileView(tree: Tree): AssetFileView {
  const disk = diskFileView(tree.root);
  const outside = (path: string) => posix.isAbsolute(path) || path === '..' || path.startsWith('../');
  const isFile = (path: string) => (outside(path) ? disk.isFile(path) : tree.exists(path) && tree.isFile(path));
  return {
    root: tree.root,
    isFile,
    isDirectory: (path) => (outside(path) ? disk.isDirectory(path) : tree.exists(path) && !tree.isFile(path)),
    read: (path) =>
      outside(path) ? disk.read(path) : isFile(path) ? (tree.read(path, 'utf-8') ?? undefined) : undefined,
    list: (path) => (outside(path) ? disk.list(path) : [...tree.children(path)].sort()),
  };
}

/** The view of the disk under `workspaceRoot`. */
export function diskFileView(workspaceRoot: string): AssetFileView {
  const abs = (path: string) => (posix.isAbsolute(path) ? path : join(workspaceRoot, path));
  const stat = (path: string) => {
    try {
      return statSync(abs(path));
    } catch {
      return undefined;
    }
  };
  return {
    root: workspaceRoot,
    isFile: (path) => stat(path)?.isFile() ?? false,
    isDirectory: (path) => stat(path)?.isDirectory() ?? false,
    read: (path) => readTextOrNull(abs(path)) ?? undefined,
    list: (path) => {
      try {
        return readdirSync(abs(path)).sort();
      } catch {
        return [];
      }
    },
  };
}

/** The files under `folder` (workspace-relative), sorted, not in node_modules. */
export function filesUnder(view: AssetFileView, folder: string): string[] {
  const found: string[] = [];
  for (const name of view.list(folder)) {
    const path = posix.join(folder, name);
    if (view.isFile(path)) found.push(path);
    else if (name !== 'node_modules' && view.isDirectory(path)) found.push(...filesUnder(view, path));
  }
  return found;
}
