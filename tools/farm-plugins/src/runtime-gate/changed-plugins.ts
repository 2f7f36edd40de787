import type { Tree } from '@nx/devkit';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedManifest } from '../core/manifest';
import type { FarmState } from '../core/state';

/**
 * The plugins a generator's change brings or changes — what the frontend gate's checks judge: a
 * plugin whose folder has files among the Tree's changes (active or not: the app's tsconfig
 * includes every plugin folder), or one workspace.json now has active and the disk's did not.
 */
export function changedPlugins(tree: Tree, state: FarmState): LoadedManifest[] {
  if (!state.workspace) return [];
  const changedPaths = tree.listChanges().map((c) => c.path);
  const before = activeOnDisk(tree.root);
  return state.manifests.filter(
    (m) =>
      (state.workspace!.plugins[m.manifest.name]?.active === true && !before.has(m.manifest.name)) ||
      changedPaths.some((path) => path.startsWith(`${m.root}/`)),
  );
}

/** The plugins workspace.json on disk (before the change) has active. */
function activeOnDisk(workspaceRoot: string): Set<string> {
  try {
    const plugins = JSON.parse(readFileSync(join(workspaceRoot, 'workspace.json'), 'utf8')).plugins ?? {};
    return new Set(
      Object.entries(plugins)
        .filter(([, p]) => (p as { active?: boolean }).active)
        .map(([name]) => name),
    );
  } catch {
    return new Set();
  }
}
