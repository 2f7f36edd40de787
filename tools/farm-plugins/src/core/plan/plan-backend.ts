import type { ResolvedPlugin } from '../graph';
import type { FarmEnvironment, MiddlewareCondition } from '../manifest';
import { escapePointer as e } from '../json';
import { sortedEntries, type PlanContext } from './plan-context';
import type { IntegrationPlan, PlannedMiddleware } from './types';

type Backend = IntegrationPlan['backend'];

export function planBackend(plugins: ResolvedPlugin[], ctx: PlanContext, byPlugin: Map<string, ResolvedPlugin>, environment: FarmEnvironment): Backend {
  const backend: Backend = { routers: [], middleware: [], tasks: [], models: [], collections: [], requirements: [] };
  const routerMiddleware: { name: string; prefix: string; plugin: ResolvedPlugin; pointer: string }[] = [];
  for (const plugin of plugins) {
    const { backend: section, database } = plugin.loaded.manifest;
    for (const [name, r] of sortedEntries(section?.routers)) {
      const symbol = ctx.pythonSymbol(plugin, 'router', name, r, `/backend/routers/${e(name)}`, { prefix: r.prefix, tags: r.tags ?? [] });
      if (symbol) backend.routers.push(symbol);
      (r.middleware ?? []).forEach((m, i) => routerMiddleware.push({ name: m, prefix: r.prefix, plugin, pointer: `/backend/routers/${e(name)}/middleware/${i}` }));
    }
    for (const [name, m] of sortedEntries(section?.middleware)) {
      const when = applicableConditions(m.conditions, environment);
      if (when === 'never') continue;
      const symbol = ctx.pythonSymbol(plugin, 'middleware', name, m, `/backend/middleware/${e(name)}`, { order: m.order, ...when });
      if (symbol) backend.middleware.push(symbol);
    }
    for (const [name, t] of sortedEntries(section?.tasks)) {
      const symbol = ctx.pythonSymbol(plugin, 'task', name, t, `/backend/tasks/${e(name)}`, { schedule: t.schedule, queue: t.queue });
      if (symbol) backend.tasks.push(symbol);
    }
    for (const [name, m] of sortedEntries(section?.models)) {
      const symbol = ctx.pythonSymbol(plugin, 'model', name, m, `/backend/models/${e(name)}`, { collection: m.collection, indexes: m.indexes ?? [] });
      if (symbol) backend.models.push(symbol);
    }
    for (const [name, c] of sortedEntries(database?.collections)) {
      backend.collections.push(ctx.origin(plugin, `/database/collections/${e(name)}`, { name, indexes: c.indexes ?? [] }));
    }
  }
  // Router and model keys are names within their plugin (issue 12 item 3): nothing global reads them.
  backend.routers = ctx.unique(backend.routers, (r) => r.prefix || '/', 'router prefix', byPlugin);
  backend.middleware = scopeRouterMiddleware(ctx.unique(backend.middleware, (m) => m.name, 'middleware', byPlugin), routerMiddleware, ctx);
  backend.tasks = ctx.unique(backend.tasks, (t) => t.name, 'task', byPlugin);
  // A collection belongs to one owner, whether it comes from a model or from `database`. A model
  // without `collection` gets register_model's default, the class name lowercased + "s" (the
  // exported name stands for the class name: an alias of a differently named class is not seen).
  const modelCollections = backend.models.map((m) => ({ plugin: m.plugin, file: m.file, pointer: m.pointer, name: m.collection ?? `${m.export.toLowerCase()}s` }));
  ctx.unique([...modelCollections, ...backend.collections], (c) => c.name, 'collection', byPlugin);
  backend.requirements = mergeRequirements(plugins, ctx);
  return backend;
}

/** Conditions: environment is decided now; path/method conditions become runtime scoping. */
function applicableConditions(conditions: MiddlewareCondition[] | undefined, environment: FarmEnvironment): 'never' | { paths: string[]; methods: string[] } {
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
function scopeRouterMiddleware(middleware: PlannedMiddleware[], uses: { name: string; prefix: string; plugin: ResolvedPlugin; pointer: string }[], ctx: PlanContext): PlannedMiddleware[] {
  const byName = new Map(middleware.map((m) => [m.name, m]));
  const prefixes = new Map<string, Set<string>>();
  for (const use of uses) {
    if (!byName.has(use.name)) {
      ctx.report('FARM_E059', `router middleware "${use.name}" is not declared by any active plugin`, use.plugin, use.pointer);
      continue;
    }
    (prefixes.get(use.name) ?? prefixes.set(use.name, new Set()).get(use.name)!).add(use.prefix || '/');
  }
  return middleware
    .map((m) => (prefixes.has(m.name) ? Object.assign({}, m, { paths: [...new Set([...m.paths, ...prefixes.get(m.name)!])].sort() }) : m))
    .sort((a, b) => a.order - b.order || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The active plugins' pip requirements, one entry per package and specifier (PEP 503 names), sorted.
 * Whether they can be satisfied together is the resolver's call (uv, at add/activate/update and
 * `backend:sync-deps`), not a string comparison here: `==1.0` and `==1.0.0` agree, `>=1` and `<2` too.
 */
function mergeRequirements(plugins: ResolvedPlugin[], ctx: PlanContext): Backend['requirements'] {
  const merged = new Map<string, Backend['requirements'][number]>();
  for (const plugin of plugins) {
    (plugin.loaded.manifest.backend?.dependencies ?? []).forEach((dep, i) => {
      const specifier = !dep.version ? '' : /^[<>=!~]/.test(dep.version) ? dep.version : `==${dep.version}`;
      const pointer = `/backend/dependencies/${i}`;
      if (!pipName.test(dep.name) || (specifier !== '' && !pipSpecifier.test(specifier))) {
        const fix = 'name a PyPI project (letters, digits, . _ -, optional [extra,…]) and a version such as 1.2.3 or a PEP 440 specifier such as >=1.2,<2';
        ctx.report('FARM_E051', `"${dep.name}${specifier}" is not a valid pip requirement`, plugin, pointer, fix);
        return;
      }
      const key = `${normalizePackageName(dep.name)}\0${specifier}`;
      const entry = merged.get(key) ?? { name: dep.name, specifier, plugins: [], origins: [] };
      if (!entry.plugins.includes(plugin.name)) entry.plugins.push(plugin.name);
      entry.origins.push({ plugin: plugin.name, file: plugin.loaded.file, pointer });
      merged.set(key, entry);
    });
  }
  return [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
}

/**
 * A requirement's name and specifier as PEP 508 / PEP 440 write them, nothing else: no markers,
 * URLs (`@ https://…`) or options (`--index-url`) can reach uv through a manifest.
 */
const pipName = /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?(\[[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?(,[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?)*\])?$/;
const pipClause = String.raw` *(~=|===|==|!=|<=|>=|<|>) *[A-Za-z0-9.*+!_-]+ *`;
const pipSpecifier = new RegExp(`^${pipClause}(,${pipClause})*$`);

/** PEP 503: runs of `-`, `_` and `.` are one `-`, case-insensitive. */
export function normalizePackageName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}
