import { posix } from 'node:path';
import { tsLiteral, tsString } from '../../emit/shared/code-strings';
import type { FrontendPlan, IntegrationPlan } from '../../plan/types';
import { scriptFiles } from '../file-names';
import type { KindModule } from '../types';

/**
 * `frontend.vitePlugins`: Vite plugin modules, files of the plugin that vite.config.ts imports
 * from `vite-plugins.ts` and calls. A package name is FARM_E115, a path leaving the plugin
 * FARM_E056, a missing file FARM_E057, each at /frontend/vitePlugins/<i>/module.
 */
export const vitePluginsKind: KindModule = {
  name: 'vite-plugin',
  section: 'frontend',
  key: 'vitePlugins',
  host: 'frontend',
  slot: ['frontend', 'vitePlugins'],
  plan({ plugins, ctx }) {
    const vitePlugins: FrontendPlan['vitePlugins'] = [];
    for (const plugin of plugins) {
      (plugin.loaded.manifest.frontend?.vitePlugins ?? []).forEach((entry, i) => {
        const pointer = `/frontend/vitePlugins/${i}`;
        const refused = vitePluginModuleProblem(entry.module);
        if (refused) {
          ctx.report('FARM_E115', refused, plugin, `${pointer}/module`);
          return;
        }
        const file = ctx.file(plugin, entry.module, `${pointer}/module`);
        if (file !== undefined)
          vitePlugins.push(ctx.origin(plugin, pointer, { module: file, options: entry.options ?? null }));
      });
    }
    return vitePlugins;
  },
  emit: { file: 'vite-plugins.ts', contents: (plan, { outDir }) => vitePluginsModule(plan, outDir) },
  // Run by vite build and the dev server: a file of the plugin, analyzed like the rest (FARM_E115).
  paths: (manifest) =>
    (manifest.frontend?.vitePlugins ?? []).map((v, i) => ({
      name: v.module,
      export: 'default',
      path: v.module,
      pointer: `/frontend/vitePlugins/${i}`,
      pathPointer: `/frontend/vitePlugins/${i}/module`,
    })),
  pathProblem(path) {
    const message = vitePluginModuleProblem(path);
    return message === undefined ? undefined : { code: 'FARM_E115', message };
  },
  // A Vite plugin module's default export is called by vite.config.ts, which says so if it is missing.
  files: scriptFiles,
};

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

/** Each module as a path from the generated folder to the plugin file, extension kept (vite.config.ts resolves it). */
function vitePluginsModule(plan: IntegrationPlan, outDir: string): string {
  const fromHere = (file: string) => {
    const relative = posix.relative(outDir, file);
    return relative.startsWith('../') ? relative : `./${relative}`;
  };
  const entries = plan.frontend.vitePlugins.map(
    (v) =>
      `  { plugin: ${tsString(v.plugin)}, module: ${tsString(fromHere(v.module))}, options: ${tsLiteral(v.options)} },`,
  );
  return [
    '/** Vite plugins the active FARM plugins ask for; vite.config.ts imports each `module` and calls its default export. */',
    `export const pluginVitePlugins: Array<{ plugin: string; module: string; options: unknown }> = [${entries.length ? `\n${entries.join('\n')}\n` : ''}];`,
    '',
  ].join('\n');
}
