import type { Tree } from '@nx/devkit';
import { FarmError, problem } from '../../src/core/errors';
import { closestName } from '../../src/core/graph';
import { projectNameOf, type LoadedManifest } from '../../src/core/manifest';
import { loadFarmState, type FarmState } from '../../src/core/state';
import type { FarmWorkspace, InstalledPlugin } from '../../src/core/workspace';
import { treeWorkspace } from '../../src/workspace-io/tree-workspace';
import { findInstalled, readFarmWorkspace } from './workspace-file';

export interface InstalledPluginRef {
  name: string;
  installed: InstalledPlugin;
  loaded: LoadedManifest;
  workspace: FarmWorkspace;
  state: FarmState;
}

/** Looks up an installed plugin by package or project name, or fails with a suggestion. */
export function requireInstalledPlugin(tree: Tree, nameOrProject: string): InstalledPluginRef {
  return requireInstalledPlugins(tree, [nameOrProject])[0]!; // one name asked: one plugin, or it threw
}

/**
 * Looks up several installed plugins (package or project names; one named twice counts once), or
 * fails naming every name that is not one, each with a suggestion; `retry` writes the command
 * again with the suggested names, so the fix is a command that works.
 */
export function requireInstalledPlugins(
  tree: Tree,
  namesOrProjects: readonly string[],
  retry?: (names: string[]) => string,
): InstalledPluginRef[] {
  const workspace = readFarmWorkspace(tree);
  const state = loadFarmState(treeWorkspace(tree));
  const installedNames = Object.keys(workspace.plugins);
  const refs = new Map<string, InstalledPluginRef>();
  const unknown: { given: string; near?: string }[] = [];
  for (const nameOrProject of namesOrProjects) {
    const name = findInstalled(workspace, nameOrProject, projectNameOf);
    const loaded = name && state.manifests.find((m) => m.manifest.name === name);
    const installed = name && workspace.plugins[name];
    if (name && loaded && installed) refs.set(name, { name, installed, loaded, workspace, state });
    else
      unknown.push({
        given: nameOrProject,
        near: closestName(nameOrProject, [...installedNames, ...installedNames.map(projectNameOf)]),
      });
  }
  if (!unknown.length) return [...refs.values()];
  // When every unknown name has a near one, the command again with those is the fix.
  const corrected = namesOrProjects.map((n) => unknown.find((u) => u.given === n)?.near ?? n);
  const retried = retry && unknown.every((u) => u.near) ? retry(corrected) : undefined;
  throw new FarmError(
    unknown.map(({ given, near }) =>
      problem('FARM_E020', `"${given}" is not an installed plugin${near ? `; did you mean ${near}?` : ''}`, {
        file: 'workspace.json',
        fix:
          retried ?? `installed: ${installedNames.join(', ') || 'none'}. Install with nx g @farm/plugins:add ${given}`,
      }),
    ),
  );
}
