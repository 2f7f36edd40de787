import type { ResolvedPlugin } from '../graph';
import type { PlanContext } from './plan-context';
import type { IntegrationPlan } from './types';

/**
 * Why `module` of a `frontend.vitePlugins` entry cannot be used, when it names a package rather
 * than a file of the plugin. `vite build` and the dev server run that module with every right of
 * the developer, so it must be code validate has analyzed: a file inside the plugin, written as
 * `./…` (the spec leaves VitePluginConfig undefined; docs/security.md#vite-plugin-modules).
 */
export function vitePluginModuleProblem(module: string): string | undefined {
  if (module.startsWith('./') || module.startsWith('../') || module.startsWith('/')) return undefined;
  return `"${module}" names a package, not a file of the plugin: a Vite plugin module runs inside vite build and the dev server, so it must be a file validate analyzes, written ./path/to/file.ts`;
}

/**
 * The plan's entry for `frontend.vitePlugins[index]`: `module` is the plugin file
 * (workspace-relative) — a package name is FARM_E115, a path leaving the plugin FARM_E056, a
 * missing file FARM_E057, each at /frontend/vitePlugins/<i>/module.
 */
export function planVitePlugin(plugin: ResolvedPlugin, entry: { module: string; options?: unknown }, index: number, ctx: PlanContext): IntegrationPlan['frontend']['vitePlugins'][number] | undefined {
  const pointer = `/frontend/vitePlugins/${index}`;
  const problem = vitePluginModuleProblem(entry.module);
  if (problem) {
    ctx.report('FARM_E115', problem, plugin, `${pointer}/module`);
    return undefined;
  }
  const file = ctx.file(plugin, entry.module, `${pointer}/module`);
  return file === undefined ? undefined : ctx.origin(plugin, pointer, { module: file, options: entry.options ?? null });
}
