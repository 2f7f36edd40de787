import type { ResolvedPlugin } from '../graph';
import { pointerSegments } from '../json';
import { frontendImportProblem, type FrontendImportKind } from './frontend-imports';
import type { PlanContext } from './plan-context';
import type { IntegrationPlan, PlanOrigin } from './types';

type Frontend = IntegrationPlan['frontend'];

/**
 * The planned frontend without the files the generated code cannot import exactly, each reported
 * once (FARM_E088) at the manifest value that names it: a component's or hook's `path`, a route's
 * `file`, or its `component` when that is a page module; a route to a refused component is dropped
 * with it, since the component's own problem says what to fix.
 */
export function checkFrontendImports(frontend: Frontend, ctx: PlanContext, byPlugin: Map<string, ResolvedPlugin>): Frontend {
  const refused = new Set<string>();
  const importable = <T extends PlanOrigin & { source: string }>(item: T, kind: FrontendImportKind, valuePointer: string): boolean => {
    if (refused.has(item.source)) return false;
    const problem = frontendImportProblem(item.source, kind, ctx.exists);
    if (!problem) return true;
    refused.add(item.source);
    ctx.report('FARM_E088', problem.message, byPlugin.get(item.plugin)!, valuePointer, problem.fix);
    return false;
  };
  return {
    ...frontend,
    components: frontend.components.filter((c) => importable(c, 'code', `${c.pointer}/path`)),
    hooks: frontend.hooks.filter((h) => importable(h, 'code', `${h.pointer}/path`)),
    routes: frontend.routes.filter((r) => importable(r, 'code', `${r.pointer}/${routeFile(r, byPlugin) === undefined ? 'component' : 'file'}`)),
    styles: frontend.styles.filter((s) => importable(s, 'style', s.pointer)),
  };
}

/** The route's explicit `file`, read from the manifest entry its pointer names (/frontend/routes/<i>). */
function routeFile(route: PlanOrigin, byPlugin: Map<string, ResolvedPlugin>): string | undefined {
  const index = pointerSegments(route.pointer)[2] as number;
  return byPlugin.get(route.plugin)!.loaded.manifest.frontend?.routes?.[index]?.file;
}
