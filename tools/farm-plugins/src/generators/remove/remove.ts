import { logger, type GeneratorCallback, type Tree } from '@nx/devkit';
import { FarmError, problem } from '../../core/errors';
import { findDependents, resolvePluginGraph } from '../../core/graph';
import { projectNameOf } from '../../core/manifest';
import { requireInstalledPlugin } from '../lib/installed-plugin';
import { loadLifecycleHooks, pluginContext, runLifecycleHook } from '../lib/lifecycle';
import { reintegrateHosts } from '../lib/reintegrate';
import { writeFarmWorkspace } from '../lib/workspace-file';
import type { RemoveGeneratorSchema } from './schema';

/** `nx g @farm/plugins:remove auth` (= farm plugin uninstall) — refused while installed plugins depend on it. */
export default async function removeGenerator(tree: Tree, options: RemoveGeneratorSchema): Promise<GeneratorCallback | void> {
  const plugin = requireInstalledPlugin(tree, options.name);
  const { name, workspace, state, loaded } = plugin;
  const dependents = findDependents(state.manifests, workspace, name);
  if (dependents.length) {
    throw new FarmError([
      problem('FARM_E030', `cannot remove ${name}: installed plugins depend on it: ${dependents.join(', ')}`, {
        plugin: name,
        file: 'workspace.json',
        fix: `remove ${dependents.map(projectNameOf).join(', ')} first`,
        related: dependents,
      }),
    ]);
  }
  // Hooks are loaded before the files leave the Tree; they still run against the live Tree.
  const hooks = loadLifecycleHooks(plugin.diskRoot);
  const config = resolvePluginGraph({ manifests: state.manifests, workspace, select: [name] }).order.find((p) => p.name === name)?.config ?? {};
  const context = pluginContext(tree, workspace, { name, version: plugin.installed.version, root: loaded.root }, config);
  if (plugin.installed.active) await runLifecycleHook(hooks, 'onDeactivate', context);
  await runLifecycleHook(hooks, 'onUninstall', context);

  tree.delete(loaded.root);
  const { [name]: _removed, ...rest } = workspace.plugins;
  writeFarmWorkspace(tree, { ...workspace, plugins: rest });
  const install = options.skipIntegrate ? undefined : reintegrateHosts(tree);
  logger.info(`${name} removed (${loaded.root} deleted)`);
  return install;
}
