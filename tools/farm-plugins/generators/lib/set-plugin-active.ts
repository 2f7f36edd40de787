import { logger, type GeneratorCallback, type Tree } from '@nx/devkit';
import { FarmError, hasErrors, problem, type FarmProblem } from '../../src/core/errors';
import {
  dependencyNames,
  findDependents,
  findDependentsClosure,
  resolvePluginGraph,
  topologicalOrder,
} from '../../src/core/graph';
import type { FarmState } from '../../src/core/state';
import type { FarmWorkspace } from '../../src/core/workspace';
import { enforceSecurityPolicy } from './enforce-security-policy';
import { requireInstalledPlugins, type InstalledPluginRef } from './installed-plugin';
import { analyzePluginsInTree } from './analyze-in-tree';
import { pluginContext, runLifecycleHooks } from './lifecycle';
import { createPluginCodeCopy, type PluginCodeCopy } from './plugin-code-copy';
import { farmPluginCommand } from './plugin-names';
import { reintegrateHosts } from './reintegrate';
import { writeFarmWorkspace } from './workspace-file';

/**
 * activate / deactivate one or several plugins together: flip the flags, check the resulting set
 * of active plugins, run the hooks, regenerate the wiring — all in the Tree, so a refusal or a
 * failing hook changes nothing (all or nothing).
 */
export async function setPluginsActive(
  tree: Tree,
  namesOrProjects: readonly string[],
  active: boolean,
  options: { skipIntegrate?: boolean; allowSecurityViolations?: string; hookTimeoutMs?: number } = {},
): Promise<GeneratorCallback | void> {
  const verb = active ? 'activate' : 'deactivate';
  const plugins = requireInstalledPlugins(tree, namesOrProjects, (names) => farmPluginCommand(verb, names));
  for (const p of plugins.filter((p) => p.installed.active === active))
    logger.info(`${p.name} is already ${active ? 'active' : 'inactive'}`);
  const changing = plugins.filter((p) => p.installed.active !== active);
  const [first] = changing;
  if (!first) return;
  const { workspace, state } = first;
  const names = changing.map((p) => p.name);
  if (!active) refuseWhileNeeded(state, workspace, names);
  const flipped = Object.fromEntries(changing.map((p) => [p.name, { ...p.installed, active }]));
  let next: FarmWorkspace = { ...workspace, plugins: { ...workspace.plugins, ...flipped } };
  const code = createPluginCodeCopy(tree);
  try {
    if (active) {
      refuseUnresolved(state, next, names);
      // Checked as validate checks it before onActivate runs (their code may have changed since install).
      next = enforceSecurityPolicy(
        tree,
        next,
        names,
        options.allowSecurityViolations,
        analyzePluginsInTree(tree, code, names),
      );
    }
    writeFarmWorkspace(tree, next);
    await runHooks(tree, next, changing, active, code, options.hookTimeoutMs);
  } finally {
    code.dispose();
  }
  const install = options.skipIntegrate ? undefined : await reintegrateHosts(tree);
  logger.info(`${names.join(', ')} ${active ? 'activated' : 'deactivated'}`);
  return install;
}

/**
 * Deactivating is refused while an active plugin outside the set needs one in it; the fix
 * deactivates everything that needs them along (a cycle a ↔ b: `farm plugin deactivate a b`).
 */
function refuseWhileNeeded(state: FarmState, workspace: FarmWorkspace, names: readonly string[]): void {
  const inSet = new Set(names);
  const problems: FarmProblem[] = [];
  const along = findDependentsClosure(state.manifests, workspace, names, { activeOnly: true });
  for (const name of names) {
    const outside = findDependents(state.manifests, workspace, name, { activeOnly: true }).filter((d) => !inSet.has(d));
    if (!outside.length) continue;
    problems.push(
      problem('FARM_E030', `cannot deactivate ${name}: active plugins need it: ${outside.join(', ')}`, {
        plugin: name,
        file: 'workspace.json',
        fix: `${farmPluginCommand('deactivate', [...names, ...along])} (deactivates what needs it too)`,
        related: outside,
      }),
    );
  }
  if (problems.length) throw new FarmError(problems);
}

/**
 * Only the given plugins' problems block them: their dependencies, conflicts and configs. An
 * inactive dependency's fix activates it together with them (and whatever it needs in turn).
 */
function refuseUnresolved(state: FarmState, next: FarmWorkspace, names: readonly string[]): void {
  const inSet = new Set(names);
  const resolved = resolvePluginGraph({ manifests: state.manifests, workspace: next });
  const own = resolved.problems.filter(
    (p) => (p.plugin && inSet.has(p.plugin)) || p.related?.some((r) => inSet.has(r)),
  );
  if (!hasErrors(own)) return;
  const needed = inactiveDependencies(state, next, names);
  const withFix = own.map((p) =>
    p.code === 'FARM_E030' && needed.length ? { ...p, fix: farmPluginCommand('activate', [...names, ...needed]) } : p,
  );
  throw new FarmError(withFix);
}

/** Installed, inactive plugins that the given ones need (not optionally), directly or through each other. */
function inactiveDependencies(state: FarmState, workspace: FarmWorkspace, names: readonly string[]): string[] {
  const byName = new Map(state.manifests.map((m) => [m.manifest.name, m]));
  const found = new Set<string>();
  const queue = [...names];
  while (queue.length) {
    const manifest = byName.get(queue.pop()!)?.manifest;
    const needs = [...(manifest?.dependencies ?? []), ...(manifest?.peerDependencies ?? [])]
      .filter((d) => !d.optional)
      .map((d) => d.name);
    for (const dep of needs) {
      const installed = workspace.plugins[dep];
      if (!installed || installed.active || found.has(dep) || names.includes(dep) || !byName.has(dep)) continue;
      found.add(dep);
      queue.push(dep);
    }
  }
  return [...found].sort();
}

/** onActivate dependencies first; onDeactivate dependents first; fenced, from the Tree's copy of their code. */
async function runHooks(
  tree: Tree,
  next: FarmWorkspace,
  plugins: readonly InstalledPluginRef[],
  active: boolean,
  code: PluginCodeCopy,
  timeoutMs: number | undefined,
): Promise<void> {
  const byName = new Map(plugins.map((p) => [p.name, p]));
  const order = topologicalOrder([...byName.keys()], (name) => dependencyNames(byName.get(name)!.loaded));
  if (!active) order.reverse();
  for (const name of order) {
    const plugin = byName.get(name)!;
    const config =
      resolvePluginGraph({ manifests: plugin.state.manifests, workspace: next, select: [name] }).order.find(
        (p) => p.name === name,
      )?.config ?? {};
    const context = pluginContext(
      tree,
      next,
      { name, version: plugin.installed.version, root: plugin.loaded.root },
      config,
    );
    await runLifecycleHooks(code.copy(plugin.loaded.root), [active ? 'onActivate' : 'onDeactivate'], context, {
      timeoutMs,
    });
  }
}
