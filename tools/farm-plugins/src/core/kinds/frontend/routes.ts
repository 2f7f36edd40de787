import { tsString } from '../../emit/shared/code-strings';
import { problem, type FarmProblem } from '../../errors';
import type { ResolvedPlugin } from '../../graph';
import { pointerSegments } from '../../json';
import type { LoadedManifest } from '../../manifest';
import { exportOf } from '../../manifest/code-entries';
import type { PlanContext } from '../../plan/plan-context';
import { relativeImport, resolvePluginPath } from '../../plan/plugin-paths';
import type { FrontendPlan, IntegrationPlan, PlanOrigin } from '../../plan/types';
import { scriptFiles } from '../file-names';
import type { CodeFacts, KindModule } from '../types';

/**
 * `frontend.routes`: React Router routes in `routes.tsx`, each loading its component lazily. A
 * route's component is one the plugin declares, else the default export of its `file`, else of
 * the page module `pages/<Component>.tsx` (pageModule). A path is one route across all plugins.
 */
export const routesKind: KindModule = {
  name: 'route',
  section: 'frontend',
  key: 'routes',
  host: 'frontend',
  slot: ['frontend', 'routes'],
  plan({ plugins, ctx, byPlugin }) {
    const routes: FrontendPlan['routes'] = [];
    for (const plugin of plugins) {
      (plugin.loaded.manifest.frontend?.routes ?? []).forEach((route, i) => {
        const target = routeTarget(plugin, route, `/frontend/routes/${i}`, ctx);
        if (target)
          routes.push(
            ctx.origin(plugin, `/frontend/routes/${i}`, {
              path: route.path,
              component: route.component,
              source: target.source,
              export: target.export,
            }),
          );
      });
    }
    const unique = ctx.unique(routes, (r) => r.path, 'route path', byPlugin);
    return ctx.importable(
      unique,
      'code',
      (r) => `${r.pointer}/${routeFile(r, byPlugin) === undefined ? 'component' : 'file'}`,
      byPlugin,
    );
  },
  emit: { file: 'routes.tsx', contents: (plan, { outDir }) => routesModule(plan, outDir) },
  // A route's own path is its `file`; a declared component's path is the component's entry.
  paths: (manifest) =>
    (manifest.frontend?.routes ?? []).flatMap((route, i) =>
      route.file
        ? [
            {
              name: route.component,
              export: 'default',
              path: route.file,
              pointer: `/frontend/routes/${i}`,
              pathPointer: `/frontend/routes/${i}/file`,
            },
          ]
        : [],
    ),
  frontendImport: 'code',
  exportCheck: {
    code: 'FARM_E080',
    language: 'script',
    check: (facts, file, name) => facts.componentProblem(file, name),
  },
  checkCode: checkPageRoutes,
  files: scriptFiles,
};

/** Extensions a page module may have, in the order they are looked for. */
const pageExtensions = ['tsx', 'jsx', 'ts', 'js'] as const;

/**
 * The page module a route without `file` and without a declared component loads: the first of
 * `pages/<Component>.tsx|jsx|ts|js` in the plugin folder that `exists` (the spec's auth manifest
 * routes to pages it does not list). The one statement of this rule: planner, validate and the
 * corpus' stub files read it here.
 */
export function pageModule(root: string, component: string, exists: (file: string) => boolean): string | undefined {
  for (const ext of pageExtensions) {
    const candidate = resolvePluginPath(root, `pages/${component}.${ext}`);
    if ('file' in candidate && exists(candidate.file)) return candidate.file;
  }
  return undefined;
}

/** Whether the route loads a page module (no `file`, not a component the plugin declares). */
export function routesToPage(
  manifest: LoadedManifest['manifest'],
  route: { component: string; file?: string },
): boolean {
  return !route.file && !manifest.frontend?.components?.[route.component];
}

function routeTarget(
  plugin: ResolvedPlugin,
  route: { component: string; file?: string },
  pointer: string,
  ctx: PlanContext,
): { source: string; export: string } | undefined {
  const declared = plugin.loaded.manifest.frontend?.components?.[route.component];
  const at = (source: string | undefined, exported = 'default') =>
    source === undefined ? undefined : { source, export: exported };
  if (declared && !route.file)
    return at(
      ctx.file(plugin, declared.path, `${pointer}/component`),
      exportOf('component', route.component, declared),
    );
  if (route.file) return at(ctx.file(plugin, route.file, `${pointer}/file`));
  const page = pageModule(plugin.loaded.root, route.component, ctx.exists);
  if (page) return at(page);
  ctx.report(
    'FARM_E053',
    `route ${route.component} is neither a component of ${plugin.name} nor a page (pages/${route.component}.tsx)`,
    plugin,
    `${pointer}/component`,
  );
  return undefined;
}

/** The route's explicit `file`, read from the manifest entry its pointer names (/frontend/routes/<i>). */
function routeFile(route: PlanOrigin, byPlugin: Map<string, ResolvedPlugin>): string | undefined {
  const index = pointerSegments(route.pointer)[2] as number;
  return byPlugin.get(route.plugin)!.loaded.manifest.frontend?.routes?.[index]?.file;
}

function routesModule(plan: IntegrationPlan, outDir: string): string {
  const routes = plan.frontend.routes.map(
    (r) =>
      `  { path: ${tsString(r.path)}, lazy: async () => ({ Component: (await import(${tsString(relativeImport(outDir, r.source))})).${r.export} }) },`,
  );
  return [
    `import type { RouteObject } from 'react-router';`,
    '',
    `export const pluginRoutes: RouteObject[] = [${routes.length ? `\n${routes.join('\n')}\n` : ''}];`,
    '',
  ].join('\n');
}

/** Routes to a page module must default-export a component too (validate; FARM_E080 at the route's component). */
function checkPageRoutes(loaded: LoadedManifest, facts: CodeFacts): FarmProblem[] {
  const problems: FarmProblem[] = [];
  (loaded.manifest.frontend?.routes ?? []).forEach((route, i) => {
    if (!routesToPage(loaded.manifest, route)) return;
    const file = pageModule(loaded.root, route.component, (f) => facts.script(f) !== 'not-a-module');
    if (!file || facts.script(file) === 'syntax-error') return;
    const why = facts.componentProblem(file);
    const pointer = `/frontend/routes/${i}/component`;
    if (why)
      problems.push(
        problem('FARM_E080', `route ${route.path}: ${file} ${why}`, {
          plugin: loaded.manifest.name,
          file: loaded.file,
          pointer,
          ...loaded.document.locate(pointer),
        }),
      );
  });
  return problems;
}
