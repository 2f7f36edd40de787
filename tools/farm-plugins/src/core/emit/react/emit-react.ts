import { posix } from 'node:path';
import type { IntegrationPlan } from '../../plan';
import { relativeImport } from '../../plan';
import { generatedHeader, tsLiteral, tsString, type EmitOptions, type GeneratedFile } from '../shared';

export type ReactEmitOptions = EmitOptions;

/** The React app's plugin indexes: components, hooks, routes, styles and Vite plugins. */
export function emitReact(plan: IntegrationPlan, options: ReactEmitOptions): GeneratedFile[] {
  const header = generatedHeader('//', options.runCommand);
  const at = (file: string) => posix.join(options.outDir, file);
  return [
    { path: at('components/index.ts'), contents: header + componentsIndex(plan, at('components')) },
    { path: at('hooks/index.ts'), contents: header + hooksIndex(plan, at('hooks')) },
    { path: at('routes.tsx'), contents: header + routesModule(plan, options.outDir) },
    { path: at('styles.ts'), contents: header + stylesModule(plan, options.outDir) },
    { path: at('vite-plugins.ts'), contents: header + vitePluginsModule(plan, options.outDir) },
  ];
}

function componentsIndex(plan: IntegrationPlan, dir: string): string {
  const { components } = plan.frontend;
  const from = (c: (typeof components)[number]) => tsString(relativeImport(dir, c.source));
  const eager = components.filter((c) => !c.async);
  const lazy = components.filter((c) => c.async);
  const lines = [
    ...(lazy.length ? [`import { lazy } from 'react';`] : []),
    ...eager.map((c) => importLine(c, from(c))),
    // React.lazy takes a module whose default export is the component: a named one is moved there.
    ...(lazy.length ? ['', ...lazy.map((c) => `const ${c.local} = lazy(() => import(${from(c)})${c.export === 'default' ? '' : `.then((m) => ({ default: m.${c.export} }))`});`)] : []),
  ];
  return [
    ...lines,
    ...(lines.length ? [''] : []),
    ...exportsAndRecord(components, 'PluginComponents'),
  ].join('\n');
}

function hooksIndex(plan: IntegrationPlan, dir: string): string {
  const { hooks } = plan.frontend;
  const lines = hooks.map((h) => importLine(h, tsString(relativeImport(dir, h.source))));
  return [...lines, ...(lines.length ? [''] : []), ...exportsAndRecord(hooks, 'PluginHooks')].join('\n');
}

/** `import local from …` for a default export, `import { name as local } from …` for a named one. */
function importLine(symbol: { export: string; local: string }, from: string): string {
  return symbol.export === 'default' ? `import ${symbol.local} from ${from};` : `import { ${symbol.export} as ${symbol.local} } from ${from};`;
}

function exportsAndRecord(items: readonly { name: string; local: string }[], record: string): string[] {
  const exports = items.length ? [`export { ${items.map((i) => `${i.local} as ${i.name}`).join(', ')} };`, ''] : [];
  const body = items.map((i) => `  ${i.name}: ${i.local},`);
  return [...exports, `export const ${record} = {${body.length ? `\n${body.join('\n')}\n` : ''}} as const;`, ''];
}

function routesModule(plan: IntegrationPlan, outDir: string): string {
  const routes = plan.frontend.routes.map(
    (r) => `  { path: ${tsString(r.path)}, lazy: async () => ({ Component: (await import(${tsString(relativeImport(outDir, r.source))})).${r.export} }) },`,
  );
  return [`import type { RouteObject } from 'react-router';`, '', `export const pluginRoutes: RouteObject[] = [${routes.length ? `\n${routes.join('\n')}\n` : ''}];`, ''].join('\n');
}

function stylesModule(plan: IntegrationPlan, outDir: string): string {
  const imports = plan.frontend.styles.map((s) => `import ${tsString(posix.relative(outDir, s.source))};`);
  return [...imports, 'export {};', ''].join('\n');
}

/** Each module as a path from the generated folder to the plugin file, extension kept (vite.config.ts resolves it). */
function vitePluginsModule(plan: IntegrationPlan, outDir: string): string {
  const fromHere = (file: string) => {
    const relative = posix.relative(outDir, file);
    return relative.startsWith('../') ? relative : `./${relative}`;
  };
  const entries = plan.frontend.vitePlugins.map((v) => `  { plugin: ${tsString(v.plugin)}, module: ${tsString(fromHere(v.module))}, options: ${tsLiteral(v.options)} },`);
  return [
    '/** Vite plugins the active FARM plugins ask for; vite.config.ts imports each `module` and calls its default export. */',
    `export const pluginVitePlugins: Array<{ plugin: string; module: string; options: unknown }> = [${entries.length ? `\n${entries.join('\n')}\n` : ''}];`,
    '',
  ].join('\n');
}
