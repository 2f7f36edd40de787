import type { ResolvedPlugin } from '../../graph';
import { escapePointer as e } from '../../json';
import type { FarmEnvironment, MiddlewareCondition } from '../../manifest';
import { sortedEntries, type PlanContext } from '../../plan/plan-context';
import type { BackendPlan, PlannedMiddleware } from '../../plan/types';
import { codeEntryPaths } from '../entries';
import { pythonFiles } from '../file-names';
import type { KindModule } from '../types';
import { pyList } from '../python-code';
import { integrationModule } from './python-part';

/**
 * `backend.middleware`: Starlette middleware classes, added so that the lowest `order` is outermost.
 * Environment conditions are decided at integrate; path and method conditions, and a router's
 * `middleware` list, scope it at run time (ConditionalMiddleware).
 */
export const middlewareKind: KindModule = {
  name: 'middleware',
  section: 'backend',
  key: 'middleware',
  host: 'backend',
  codeKind: 'middleware',
  slot: ['backend', 'middleware'],
  plan({ plugins, ctx, byPlugin, environment }) {
    const middleware: PlannedMiddleware[] = [];
    const uses: RouterUse[] = [];
    for (const plugin of plugins) {
      const section = plugin.loaded.manifest.backend;
      // The routers' `middleware` lists, in manifest order: only the problems' order depends on it.
      for (const [name, r] of Object.entries(section?.routers ?? {})) {
        r.middleware?.forEach((m, i) =>
          uses.push({ name: m, prefix: r.prefix, plugin, pointer: `/backend/routers/${e(name)}/middleware/${i}` }),
        );
      }
      for (const [name, m] of sortedEntries(section?.middleware)) {
        const when = applicableConditions(m.conditions, environment);
        if (when === 'never') continue;
        const symbol = ctx.pythonSymbol(plugin, 'middleware', name, m, `/backend/middleware/${e(name)}`, {
          order: m.order,
          ...when,
        });
        if (symbol) middleware.push(symbol);
      }
    }
    return scopeRouterMiddleware(
      ctx.unique(middleware, (m) => m.name, 'middleware', byPlugin),
      uses,
      ctx,
    );
  },
  emit: {
    module: integrationModule,
    part(plan) {
      const { middleware } = plan.backend;
      const body: string[] = middleware.length
        ? ['# Middleware: lowest order runs first on a request, so it is added last (outermost).']
        : [];
      for (const m of [...middleware].reverse()) {
        // An absent condition is no restriction: ConditionalMiddleware reads an empty list as "none match".
        const conditions = [
          ...(m.paths.length ? [`paths=${pyList(m.paths)}`] : []),
          ...(m.methods.length ? [`methods=${pyList(m.methods)}`] : []),
        ];
        body.push(
          conditions.length
            ? `app.add_middleware(ConditionalMiddleware, middleware=${m.local}, ${conditions.join(', ')})`
            : `app.add_middleware(${m.local})`,
        );
      }
      const conditional = middleware.some((m) => m.paths.length || m.methods.length);
      return {
        symbols: middleware,
        runtime: conditional ? [{ module: 'farm.middleware', name: 'ConditionalMiddleware' }] : [],
        body,
      };
    },
  },
  paths: (manifest) => codeEntryPaths('middleware', '/backend/middleware', manifest.backend?.middleware),
  exportCheck: {
    code: 'FARM_E083',
    language: 'python',
    check: (facts, file, name) => facts.python.classProblem(file, name, 'middleware'),
  },
  files: pythonFiles,
};

interface RouterUse {
  name: string;
  prefix: string;
  plugin: ResolvedPlugin;
  pointer: string;
}

/** Conditions: environment is decided now; path/method conditions become runtime scoping. */
function applicableConditions(
  conditions: MiddlewareCondition[] | undefined,
  environment: FarmEnvironment,
): 'never' | { paths: string[]; methods: string[] } {
  if (!conditions?.length) return { paths: [], methods: [] };
  const live = conditions.filter((c) => !c.environment || c.environment.includes(environment));
  if (!live.length) return 'never';
  if (live.some((c) => !c.path && !c.methods)) return { paths: [], methods: [] };
  return {
    paths: [...new Set(live.flatMap((c) => (c.path ? [c.path] : [])))].sort(),
    methods: [...new Set(live.flatMap((c) => c.methods ?? []))].sort(),
  };
}

/**
 * A middleware a router lists runs under that router's prefix only (per-router middleware);
 * lowest `order` first, which the emitter adds last so that it is outermost.
 */
function scopeRouterMiddleware(
  middleware: BackendPlan['middleware'],
  uses: readonly RouterUse[],
  ctx: PlanContext,
): BackendPlan['middleware'] {
  const byName = new Map(middleware.map((m) => [m.name, m]));
  const prefixes = new Map<string, Set<string>>();
  for (const use of uses) {
    if (!byName.has(use.name)) {
      ctx.report(
        'FARM_E059',
        `router middleware "${use.name}" is not declared by any active plugin`,
        use.plugin,
        use.pointer,
      );
      continue;
    }
    (prefixes.get(use.name) ?? prefixes.set(use.name, new Set()).get(use.name)!).add(use.prefix || '/');
  }
  return middleware
    .map((m) =>
      prefixes.has(m.name)
        ? Object.assign({}, m, { paths: [...new Set([...m.paths, ...prefixes.get(m.name)!])].sort() })
        : m,
    )
    .sort((a, b) => a.order - b.order || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
