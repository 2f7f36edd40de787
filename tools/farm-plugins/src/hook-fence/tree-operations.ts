import type { Tree } from '@nx/devkit';
import { lstatSync, realpathSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { problem, type FarmProblem } from '../core/errors';
import type { TreeOperation } from './types';

/**
 * FARM_E134 for each path a hook's Tree operations would reach outside the workspace's files: the
 * root itself, `..`, `.git/`, or a folder that is a symbolic link leading out of the workspace.
 * Nx writes a Tree path as `join(root, path)`, so the Tree alone would write there.
 */
export function treeOperationProblems(
  tree: Tree,
  ops: readonly TreeOperation[],
  at: { plugin: string; file: string },
): FarmProblem[] {
  const refused = new Map<string, FarmProblem>();
  for (const op of ops) {
    // Only the child's HookTree makes these, but a hook can write to the IPC channel too.
    if (!isWellFormed(op)) {
      refused.set(
        `malformed ${refused.size}`,
        problem(
          'FARM_E134',
          `${at.plugin} ${op?.hook ?? 'a hook'} sent a Tree operation that is not one (${JSON.stringify(op).slice(0, 80)}). Nothing was changed.`,
          { plugin: at.plugin, file: at.file },
        ),
      );
      continue;
    }
    const why = outsideWorkspace(tree.root, normalizeTreePath(tree.root, op.path));
    if (!why || refused.has(op.path)) continue;
    const did = op.op === 'write' ? 'wrote' : op.op === 'delete' ? 'deleted' : 'changed the mode of';
    refused.set(
      op.path,
      problem(
        'FARM_E134',
        `${at.plugin} ${op.hook ?? 'a hook'} ${did} "${op.path}" through the Tree, which ${why}. Nothing was changed.`,
        { plugin: at.plugin, file: at.file },
      ),
    );
  }
  return [...refused.values()];
}

/** Replays a hook's operations on the generator's Tree, in order (checked first). */
export function applyTreeOperations(tree: Tree, ops: readonly TreeOperation[]): void {
  for (const op of ops) {
    if (op.op === 'write') tree.write(op.path, Buffer.from(op.content), op.options);
    else if (op.op === 'delete') tree.delete(op.path);
    else tree.changePermissions(op.path, op.mode);
  }
}

function isWellFormed(op: TreeOperation): boolean {
  if (typeof op !== 'object' || op === null || typeof op.path !== 'string') return false;
  if (op.op === 'write') return op.content instanceof Uint8Array;
  if (op.op === 'delete') return true;
  return op.op === 'chmod' && (typeof op.mode === 'string' || typeof op.mode === 'number');
}

/** Nx's FsTree rule: workspace-relative and posix, an absolute path taken as relative to the root. */
function normalizeTreePath(root: string, path: string): string {
  return relative(root, join(root, String(path)))
    .split(sep)
    .join('/');
}

function outsideWorkspace(root: string, path: string): string | undefined {
  if (path === '' || path === '.') return 'is the workspace root itself';
  if (path === '..' || path.startsWith('../')) return 'leaves the workspace';
  if (path === '.git' || path.startsWith('.git/')) return "is inside git's own folder";
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return undefined; // A Tree without a disk (tests): nothing can be linked.
  }
  const parts = path.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const prefix = posix.join(...parts.slice(0, i));
    const onDisk = join(root, prefix);
    let isLink: boolean;
    try {
      isLink = lstatSync(onDisk).isSymbolicLink();
    } catch {
      return undefined; // Not on disk from here down: written as a new file or folder.
    }
    if (!isLink) continue;
    let target: string;
    try {
      target = realpathSync(onDisk);
    } catch {
      return `goes through ${prefix}, a broken symbolic link`;
    }
    if (target !== realRoot && !target.startsWith(`${realRoot}${sep}`))
      return `goes through ${prefix}, a symbolic link to ${target} outside the workspace`;
  }
  return undefined;
}
