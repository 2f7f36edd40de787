import { logger, runTasksInSerial, type GeneratorCallback, type Tree } from '@nx/devkit';
import { FarmError, problem, type FarmProblem } from '../../src/core/errors';
import {
  dependencyNames,
  findDependents,
  findDependentsClosure,
  resolvePluginGraph,
  topologicalOrder,
} from '../../src/core/graph';
import { requireInstalledPlugins, type InstalledPluginRef } from '../lib/installed-plugin';
import { pluginContext, runLifecycleHooks, type LifecycleHook } from '../lib/lifecycle';
import { refuseUnknownOptions } from '../lib/refuse-unknown-options';
import { createPluginCodeCopy } from '../lib/plugin-code-copy';
import { dropPathDependenciesOf, pruneDroppedAfterWrite } from '../lib/npm-path-dependencies-of-removed';
import { farmPluginCommand, pluginNamesOf } from '../lib/plugin-names';
import { reintegrateHosts } from '../lib/reintegrate';
import { writeFarmWorkspace } from '../lib/workspace-file';
import type { RemoveGeneratorSchema } from './schema';

/**
 * `nx g @farm/plugins:remove auth [more…]` (= farm plugin uninstall). Several are removed together,
 * all or nothing; refused only while an installed plugin outside them depends on one.
 */
export default async function removeGenerator(
  tree: Tree,
  options: RemoveGeneratorSchema,
): Promise<GeneratorCallback | void> {
  refuseUnknownOptions(options, __dirname);
  const plugins = requireInstalledPlugins(tree, pluginNamesOf(options), (names) =>
    farmPluginCommand('uninstall', names),
  );
  refuseWhileDependedOn(plugins);
  const { workspace } = plugins[0]!; // requireInstalledPlugins refuses an empty list
  await runHooks(tree, plugins, options.hookTimeoutMs);
  for (const plugin of plugins) tree.delete(plugin.loaded.root);
  const removed = new Set(plugins.map((p) => p.name));
  const rest = Object.fromEntries(Object.entries(workspace.plugins).filter(([name]) => !removed.has(name)));
  writeFarmWorkspace(tree, { ...workspace, plugins: rest });
  // Their npm path dependencies (file:<their folder>/…) would dangle once the folders are gone.
  const dropped = dropPathDependenciesOf(
    tree,
    plugins.map((p) => p.loaded.root),
    plugins[0]!.state.manifests.filter((m) => !removed.has(m.manifest.name)),
  );
  const install = options.skipIntegrate ? undefined : await reintegrateHosts(tree);
  for (const plugin of plugins) logger.info(`${plugin.name} removed (${plugin.loaded.root} deleted)`);
  const prune = pruneDroppedAfterWrite(tree, dropped);
  if (prune === undefined) return install;
  return install === undefined ? prune : runTasksInSerial(install, prune);
}

/** The fix removes everything that depends on them along (a cycle a ↔ b: `farm plugin uninstall a b`). */
function refuseWhileDependedOn(plugins: readonly InstalledPluginRef[]): void {
  const { state, workspace } = plugins[0]!;
  const names = plugins.map((p) => p.name);
  const along = findDependentsClosure(state.manifests, workspace, names);
  const problems: FarmProblem[] = [];
  for (const name of names) {
    const outside = findDependents(state.manifests, workspace, name).filter((d) => !names.includes(d));
    if (!outside.length) continue;
    problems.push(
      problem('FARM_E030', `cannot remove ${name}: installed plugins depend on it: ${outside.join(', ')}`, {
        plugin: name,
        file: 'workspace.json',
        fix: `${farmPluginCommand('uninstall', [...names, ...along])} (removes what depends on it too)`,
        related: outside,
      }),
    );
  }
  if (problems.length) throw new FarmError(problems);
}

/**
 * onDeactivate (when active) then onUninstall, dependents first, fenced. Hooks run before the
 * files leave the Tree, from the Tree's copy of their code.
 */
async function runHooks(
  tree: Tree,
  plugins: readonly InstalledPluginRef[],
  timeoutMs: number | undefined,
): Promise<void> {
  const byName = new Map(plugins.map((p) => [p.name, p]));
  const order = topologicalOrder([...byName.keys()], (name) => dependencyNames(byName.get(name)!.loaded)).reverse();
  const code = createPluginCodeCopy(tree);
  try {
    for (const name of order) {
      const plugin = byName.get(name)!;
      const config =
        resolvePluginGraph({
          manifests: plugin.state.manifests,
          workspace: plugin.workspace,
          select: [name],
        }).order.find((p) => p.name === name)?.config ?? {};
      const context = pluginContext(
        tree,
        plugin.workspace,
        { name, version: plugin.installed.version, root: plugin.loaded.root },
        config,
      );
      const hooks: LifecycleHook[] = plugin.installed.active ? ['onDeactivate', 'onUninstall'] : ['onUninstall'];
      await runLifecycleHooks(code.copy(plugin.loaded.root), hooks, context, { timeoutMs });
    }
  } finally {
    code.dispose();
  }
}
