import type { Tree } from '@nx/devkit';
import { existsSync, lstatSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import type { GeneratedFile } from '../core/emit/shared';
import type { IntegrationPlan } from '../core/plan';
import { makeScratchFolder } from '../workspace-io/scratch-folder';

/** A candidate backend on disk: what the Tree would commit, for the real Python to import. */
export interface StagedBackend {
  /** Scratch workspace root (FARM_WORKSPACE_ROOT of the gate). */
  root: string;
  /** `<root>/<backend>/src`: the gate's working directory. */
  src: string;
  /** Deletes `root` (the caller's job once the gate has answered; Ctrl-C does it meanwhile). */
  remove(): void;
}

/**
 * Writes the Tree's backend sources and workspace.json into a scratch folder and gives it each
 * plugin of `plan`: a link to the disk's folder when the Tree did not change it (the gate only
 * reads, and Python writes no bytecode there), else a copy of the Tree's files. So a change to
 * one plugin of 1,000 copies one folder. With `wiring` (the generated `plugins/` package of a
 * candidate other than the Tree's: some of the active plugins), the host's sources are staged
 * without the Tree's `plugins/` and `wiring` is written in its place. `root` is a scratch folder
 * (`farm-gate-p<pid>-…`, mode 0700: it holds workspace.json) that the caller removes with `remove()`.
 */
export function stageBackend(
  tree: Tree,
  backendRoot: string,
  plan: IntegrationPlan,
  wiring?: readonly GeneratedFile[],
): StagedBackend {
  const scratch = makeScratchFolder('gate');
  const root = scratch.path;
  const changed = tree.listChanges().map((c) => c.path);
  const touched = (folder: string) => changed.some((path) => path === folder || path.startsWith(`${folder}/`));
  const stage = (folder: string) => {
    const onDisk = join(tree.root, folder);
    if (!touched(folder) && existsSync(onDisk)) {
      mkdirSync(dirname(join(root, folder)), { recursive: true });
      symlinkSync(onDisk, join(root, folder), lstatSync(onDisk).isDirectory() ? 'dir' : 'file');
    } else if (tree.isFile(folder)) {
      mkdirSync(dirname(join(root, folder)), { recursive: true });
      writeFileSync(join(root, folder), tree.read(folder)!);
    } else {
      copyTreeFolder(tree, folder, root);
    }
  };
  const src = posix.join(backendRoot, 'src');
  if (wiring) {
    for (const child of tree.children(src)) if (child !== 'plugins') stage(posix.join(src, child));
    for (const file of wiring) {
      mkdirSync(dirname(join(root, file.path)), { recursive: true });
      writeFileSync(join(root, file.path), file.contents);
    }
  } else {
    stage(src);
  }
  for (const plugin of plan.plugins) stage(plugin.root);
  if (tree.exists('workspace.json')) writeFileSync(join(root, 'workspace.json'), tree.read('workspace.json')!);
  return { root, src: join(root, backendRoot, 'src'), remove: scratch.remove };
}

function copyTreeFolder(tree: Tree, folder: string, root: string): void {
  for (const child of tree.children(folder)) {
    const path = posix.join(folder, child);
    if (tree.isFile(path)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), tree.read(path)!);
    } else {
      copyTreeFolder(tree, path, root);
    }
  }
}
