import { logger, type GeneratorCallback, type Tree } from '@nx/devkit';
import { FarmError, hasErrors, problem } from '../../core/errors';
import { findDependents, resolvePluginGraph } from '../../core/graph';
import { projectNameOf } from '../../core/manifest';
import { requireInstalledPlugin } from './installed-plugin';
import { loadLifecycleHooks, pluginContext, runLifecycleHook } from './lifecycle';
import { enforceSecurityPolicy } from './enforce-security-policy';
import { reintegrateHosts } from './reintegrate';
import { writeFarmWorkspace } from './workspace-file';

/**
 * activate / deactivate: flip the flag, check the resulting set of active plugins, run the hook,
 * regenerate the wiring — all in the Tree, so a refusal or a failing hook changes nothing.
 */
export async function setPluginActive(tree: Tree, nameOrProject: string, active: boolean, options: { skipIntegrate?: boolean; allowSecurityViolations?: string } = {}): Promise<GeneratorCallback | void> {
  const plugin = requireInstalledPlugin(tree, nameOrProject);
  const { name, workspace, state } = plugin;
  if (plugin.installed.active === active) {
    logger.info(`${name} is already ${active ? 'active' : 'inactive'}`);
    return;
  }
  if (!active) {
    const dependents = findDependents(state.manifests, workspace, name, { activeOnly: true });
    if (dependents.length) {
      throw new FarmError([
        problem('FARM_E030', `cannot deactivate ${name}: active plugins need it: ${dependents.join(', ')}`, {
          plugin: name,
          file: 'workspace.json',
          fix: `deactivate ${dependents.map(projectNameOf).join(', ')} first`,
          related: dependents,
        }),
      ]);
    }
  }
  let next = { ...workspace, plugins: { ...workspace.plugins, [name]: { ...plugin.installed, active } } };
  if (active) {
    // Only this plugin's problems block it: its dependencies, its conflicts, its config.
    const resolved = resolvePluginGraph({ manifests: state.manifests, workspace: next });
    const own = resolved.problems.filter((p) => p.plugin === name || p.related?.includes(name));
    if (hasErrors(own)) throw new FarmError(own);
    next = enforceSecurityPolicy(tree, next, [name], options.allowSecurityViolations);
  }
  writeFarmWorkspace(tree, next);
  const config = resolvePluginGraph({ manifests: state.manifests, workspace: next, select: [name] }).order.find((p) => p.name === name)?.config ?? {};
  const context = pluginContext(tree, next, { name, version: plugin.installed.version, root: plugin.loaded.root }, config);
  await runLifecycleHook(loadLifecycleHooks(plugin.diskRoot), active ? 'onActivate' : 'onDeactivate', context);
  const install = options.skipIntegrate ? undefined : reintegrateHosts(tree);
  logger.info(`${name} ${active ? 'activated' : 'deactivated'}`);
  return install;
}
