import type { ResolvedPlugin } from '../graph';
import { topologicalOrder } from '../graph/topological-order';
import { findCycles } from '../graph/find-cycles';
import { escapePointer as e } from '../json';
import { exportOf } from '../manifest';
import { sortedEntries, type PlanContext } from './plan-context';
import { resolvePluginPath } from './plugin-paths';
import type { IntegrationPlan } from './types';
import { planVitePlugin } from './vite-plugin-module';

type Frontend = IntegrationPlan['frontend'];

export function planFrontend(plugins: ResolvedPlugin[], ctx: PlanContext, byPlugin: Map<string, ResolvedPlugin>): Frontend {
  const frontend: Frontend = { components: [], hooks: [], routes: [], styles: [], vitePlugins: [] };
  for (const plugin of plugins) {
    const section = plugin.loaded.manifest.frontend;
    if (!section) continue;
    for (const [name, c] of sortedEntries(section.components)) {
      const symbol = ctx.tsSymbol(plugin, 'component', name, c, `/frontend/components/${e(name)}`, { async: c.async === true });
      if (symbol) frontend.components.push(symbol);
    }
    for (const [name, h] of sortedEntries(section.hooks)) {
      const symbol = ctx.tsSymbol(plugin, 'hook', name, h, `/frontend/hooks/${e(name)}`);
      if (symbol) frontend.hooks.push(symbol);
    }
    (section.routes ?? []).forEach((route, i) => {
      const target = routeTarget(plugin, route, `/frontend/routes/${i}`, ctx);
      if (target) frontend.routes.push(ctx.origin(plugin, `/frontend/routes/${i}`, { path: route.path, component: route.component, source: target.source, export: target.export }));
    });
    (section.styles ?? []).forEach((style, i) => {
      const source = ctx.file(plugin, style, `/frontend/styles/${i}`);
      if (source) frontend.styles.push(ctx.origin(plugin, `/frontend/styles/${i}`, { source }));
    });
    (section.vitePlugins ?? []).forEach((v, i) => {
      const entry = planVitePlugin(plugin, v, i, ctx);
      if (entry) frontend.vitePlugins.push(entry);
    });
  }
  frontend.components = ctx.unique(frontend.components, (c) => c.name, 'component', byPlugin);
  frontend.hooks = orderHooks(ctx.unique(frontend.hooks, (h) => h.name, 'hook', byPlugin), ctx, byPlugin);
  frontend.routes = ctx.unique(frontend.routes, (r) => r.path, 'route path', byPlugin);
  return frontend;
}

/**
 * A route's component: one the plugin declares (its file and export), else the default export of
 * an explicit `file`, else of the page module `pages/<Component>.tsx` (the spec's auth manifest
 * routes to pages it does not list).
 */
function routeTarget(plugin: ResolvedPlugin, route: { component: string; file?: string }, pointer: string, ctx: PlanContext): { source: string; export: string } | undefined {
  const declared = plugin.loaded.manifest.frontend?.components?.[route.component];
  const at = (source: string | undefined, exported = 'default') => (source === undefined ? undefined : { source, export: exported });
  if (declared && !route.file) return at(ctx.file(plugin, declared.path, `${pointer}/component`), exportOf('component', route.component, declared));
  if (route.file) return at(ctx.file(plugin, route.file, `${pointer}/file`));
  for (const ext of ['tsx', 'jsx', 'ts', 'js']) {
    const candidate = resolvePluginPath(plugin.loaded.root, `pages/${route.component}.${ext}`);
    if ('file' in candidate && ctx.exists(candidate.file)) return at(candidate.file);
  }
  ctx.report('FARM_E053', `route ${route.component} is neither a component of ${plugin.name} nor a page (pages/${route.component}.tsx)`, plugin, `${pointer}/component`);
  return undefined;
}

/** Hooks a hook depends on come before it; unknown or cyclic dependencies are reported. */
function orderHooks(hooks: Frontend['hooks'], ctx: PlanContext, byPlugin: Map<string, ResolvedPlugin>): Frontend['hooks'] {
  const byName = new Map(hooks.map((h) => [h.name, h]));
  const dependenciesOf = new Map<string, string[]>();
  for (const hook of hooks) {
    const declared = byPlugin.get(hook.plugin)!.loaded.manifest.frontend!.hooks![hook.name].dependencies ?? [];
    declared.forEach((dep, i) => {
      if (!byName.has(dep)) ctx.report('FARM_E055', `hook ${hook.name} depends on ${dep}, which no active plugin provides`, byPlugin.get(hook.plugin)!, `${hook.pointer}/dependencies/${i}`);
    });
    dependenciesOf.set(hook.name, declared.filter((d) => byName.has(d)));
  }
  for (const cycle of findCycles([...byName.keys()], (n) => dependenciesOf.get(n) ?? [])) {
    const hook = byName.get(cycle[0])!;
    ctx.report('FARM_E055', `hook dependency cycle: ${cycle.join(' → ')}`, byPlugin.get(hook.plugin)!, `${hook.pointer}/dependencies`);
  }
  // Keep plugin order (then name) as the tie-break, as everywhere else.
  const rank = new Map(hooks.map((h, i) => [h.name, String(i).padStart(8, '0')]));
  const order = topologicalOrder([...rank.values()], (r) => (dependenciesOf.get(hooks[Number(r)].name) ?? []).map((d) => rank.get(d)!));
  return order.map((r) => hooks[Number(r)]);
}
