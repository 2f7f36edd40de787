import type { Tree } from '@nx/devkit';
import { join } from 'node:path';
import { FarmError, problem } from '../../core/errors';
import { closestName } from '../../core/graph';
import { projectNameOf, type LoadedManifest } from '../../core/manifest';
import { loadFarmState, type FarmState } from '../../core/state';
import type { FarmWorkspace, InstalledPlugin } from '../../core/workspace';
import { treeHost } from '../../host/tree-host';
import { findInstalled, readFarmWorkspace } from './workspace-file';

export interface InstalledPluginRef {
  name: string;
  installed: InstalledPlugin;
  loaded: LoadedManifest;
  workspace: FarmWorkspace;
  state: FarmState;
  /** Absolute folder on disk, for loading lifecycle hooks. */
  diskRoot: string;
}

/** Looks up an installed plugin by package or project name, or fails with a suggestion. */
export function requireInstalledPlugin(tree: Tree, nameOrProject: string): InstalledPluginRef {
  const workspace = readFarmWorkspace(tree);
  const state = loadFarmState(treeHost(tree));
  const name = findInstalled(workspace, nameOrProject, projectNameOf);
  const loaded = name && state.manifests.find((m) => m.manifest.name === name);
  if (!name || !loaded) {
    const near = closestName(nameOrProject, [...Object.keys(workspace.plugins), ...Object.keys(workspace.plugins).map(projectNameOf)]);
    throw new FarmError([
      problem('FARM_E020', `"${nameOrProject}" is not an installed plugin${near ? `; did you mean ${near}?` : ''}`, {
        file: 'workspace.json',
        fix: `installed: ${Object.keys(workspace.plugins).join(', ') || 'none'}. Install with nx g @farm/plugins:add ${nameOrProject}`,
      }),
    ]);
  }
  return { name, installed: workspace.plugins[name], loaded, workspace, state, diskRoot: join(tree.root, loaded.root) };
}
