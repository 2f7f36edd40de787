import { realpathSync } from 'node:fs';
import { problem, type FarmProblem } from '../core/errors';
import type { IntegrationPlan, PlannedPlugin } from '../core/plan';
import { importFailureProblems } from './gate-problems';

/** An import a plugin's code made of another plugin's package while the gate imported it. */
export interface PluginImport {
  /** The importing module (`farm_plugins.evil.routers.x`). */
  importer: string;
  /** The module imported (`farm_plugins.ua.routers.r`, or `farm_plugins.ua`). */
  module: string;
  /** Absolute path of the importing file, as Python ran it. */
  file: string;
  line: number;
}

/** A route as a router holds it (before an include's prefix). */
export interface RouterRoute {
  path: string;
  methods: string[];
}

/** A route kept on its router whose parts changed (`endpoint`, `dependant.call`, `dependencies`). */
export interface AlteredRoute extends RouterRoute {
  attrs: string[];
}

/**
 * A plugin's router whose routes at the end of the import differ from what they were when its own
 * modules had run (farm_gate_watch.py): who changed it (`by`, other plugins' code — at the line of
 * a change to its route list, else the module whose execution made it; empty when no change was
 * seen being made) and what differs.
 */
export interface RouterChange extends RouterDifference {
  /** The module holding the router and its name there (`farm_plugins.ua.routers.r`, `router`). */
  module: string;
  attr: string;
  /** The module's name now holds another object than the plugin's router. */
  rebound: boolean;
  /** Changed by a plugin's startup code (farm_gate_startup.py), not while imported. */
  when?: 'startup';
  /**
   * Who changed it: at a line when the change was to its route list; else the module during whose
   * execution it changed (`line` null), with what that module changed (`what`).
   */
  by: { module: string; file: string | null; line: number | null; what?: RouterDifference }[];
}

/** What differs in a router between two moments. */
export interface RouterDifference {
  lost: RouterRoute[];
  gained: RouterRoute[];
  /** Same path and methods, another route object. */
  replaced: RouterRoute[];
  /** The same route object, some of its parts (or its dependant tree's) replaced or changed. */
  altered?: AlteredRoute[];
  /** The router's own attributes that changed (`prefix`, `dependencies`, `tags`). */
  router?: string[];
}

/**
 * What a plugin's startup code changed of the app itself (farm_gate_startup.py): routes added to
 * or removed from the app's own list, dependency overrides of dependencies it does not own.
 */
export interface AppChange {
  /** The module holding the router whose startup code ran, and that code's file and line if known. */
  module: string;
  file: string | null;
  line: number | null;
  routes: { lost: string[]; gained: string[] };
  /** What of the app changed in place: a route's parts, the app's or its router's attributes. */
  altered?: string[];
  /** The overridden dependencies (`farm_plugins.ua.routers.deps.page_size`). */
  overrides: string[];
}

/** A plugin's startup code that raised (farm_gate_startup.py): the real app would not start. */
export interface StartupFailure {
  /** The module holding the router whose startup code ran. */
  module: string;
  error: { type: string; message: string; frames: { file: string; line: number }[] };
}

/** An attribute of FastAPI or Starlette rebound (farm_gate_frameworks.py), and where the new value's code is. */
export interface FrameworkChange {
  /** `fastapi.routing.APIRouter.add_api_route`. */
  name: string;
  file: string | null;
  line: number | null;
}

/** A global of a plugin module, or an attribute of a class it defines, rebound by another plugin's code (farm_gate_modules.py). */
export interface ModuleChange {
  /** `farm_plugins.ua.deps.get_current_user`, `farm_plugins.ua.models.Paging.__init__`. */
  name: string;
  /** The plugin module holding it (`farm_plugins.ua.deps`). */
  module: string;
  /** The plugin code that did it: the new value's code, else the startup function that ran. */
  by: { module: string; file: string | null; line: number | null };
  when: 'import' | 'startup';
}

/** What plugin code did to other plugins while the gate imported the candidate, then started it. */
export interface PluginEffects {
  imports: PluginImport[];
  routers: RouterChange[];
  frameworks?: FrameworkChange[];
  modules?: ModuleChange[];
  app?: AppChange[];
  failed?: StartupFailure[];
  /** The startups the gate's time limit cut short: the module holding the router, its startup function. */
  slow?: { module: string; file: string | null; line: number | null }[];
  /** The plugins (Python aliases) whose routers have startup code, which the gate ran. */
  started?: string[];
}

/** Where the gate's files are: the staged candidate's root and the workspace (absolute). */
type Roots = readonly string[];

/**
 * FARM_E145, E054's twin for plugin code: a plugin whose code imports another plugin's package
 * (`farm_plugins.<alias>.…`, by an import statement or importlib, as Python recorded it) without
 * declaring that plugin in `dependencies` or `peerDependencies` works only while the other is
 * installed and active; removing or deactivating it later would make the backend fail to import.
 * `declared`: each active plugin's declared active plugins, by name (route-record's digests).
 * Located at the import's file and line.
 */
export function undeclaredPluginImportProblems(
  imports: readonly PluginImport[],
  plan: IntegrationPlan,
  declared: ReadonlyMap<string, readonly string[]>,
  roots: Roots,
): FarmProblem[] {
  const byAlias = pluginsByAlias(plan);
  const relative = relativeTo(roots);
  const problems: FarmProblem[] = [];
  const reported = new Set<string>();
  for (const record of imports) {
    const importer = byAlias(record.importer);
    const imported = byAlias(record.module);
    if (!importer || !imported || importer === imported) continue;
    if (declared.get(importer.name)?.includes(imported.name)) continue;
    const file = relative(record.file);
    const key = `${importer.name}\0${imported.name}\0${file}:${record.line}`;
    if (reported.has(key)) continue;
    reported.add(key);
    problems.push(
      problem(
        'FARM_E145',
        `imports ${record.module} of ${imported.name}, which ${importer.root}/plugin.json does not declare: the backend would fail to import once ${imported.name} is removed or deactivated`,
        {
          plugin: importer.name,
          ...(file === undefined ? { file: `${importer.root}/plugin.json` } : { file, line: record.line }),
          related: [imported.name],
          fix: `declare "${imported.name}" in ${importer.root}/plugin.json dependencies (or peerDependencies), or stop importing its modules`,
        },
      ),
    );
  }
  return problems;
}

/**
 * FARM_E144: a plugin whose code changed another plugin's routes while the backend imported it
 * (cleared or appended to its router, replaced a route, rebound its router, or changed a route in
 * place — its endpoint, `app`, `dependant.call`, a dependency appended, any part of it or of its
 * dependant tree — or the router's prefix, dependencies, tags) — the gate would otherwise judge
 * the change's own routes and let the other plugin's URLs, or what they run, go. The victim's
 * router is compared with what it was when its own modules had run, in this import
 * (farm_gate_watch.py), so a first gate without a route record is judged too. Located at the
 * changing line when Python saw it being made, else at the module of the changing plugin that
 * imported the victim's (saying what that plugin changed); a change no plugin was seen making is
 * put at each plugin the change brings or changes (`touched`) — a router of a touched plugin that
 * changed unseen is taken as its own doing. Paths are shown with the router's declared prefix when
 * the manifest includes that router.
 */
export function routerChangeProblems(
  changes: readonly RouterChange[],
  plan: IntegrationPlan,
  touched: ReadonlySet<string>,
  roots: Roots,
): FarmProblem[] {
  const byAlias = pluginsByAlias(plan);
  const relative = relativeTo(roots);
  const problems: FarmProblem[] = [];
  for (const change of changes) {
    const victim = byAlias(change.module);
    if (!victim) continue;
    const declared = plan.backend.routers.find((r) => r.module === change.module && r.export === change.attr);
    const url = (route: RouterRoute) =>
      `${route.methods.filter((m) => m !== 'HEAD').join(', ') || 'websocket'} ${declared ? joinPrefix(declared.prefix, route.path) : route.path}`;
    const what = (change: RouterDifference) =>
      [
        change.lost.length ? `it no longer answers ${change.lost.map(url).join('; ')}` : '',
        change.replaced.length ? `${change.replaced.map(url).join('; ')} was replaced by another route` : '',
        ...(change.altered ?? []).map((route) => `${url(route)} was changed (${route.attrs.join(', ')})`),
        change.gained.length ? `it now answers ${change.gained.map(url).join('; ')}, which it does not declare` : '',
        change.router?.length ? `the router's ${change.router.join(', ')} changed` : '',
      ].filter(Boolean);
    const router = `${change.module}.${change.attr}${declared ? '' : ` (not in ${victim.root}/plugin.json backend.routers)`}`;
    const when = change.when === 'startup' ? 'when the backend starts' : 'while the backend imports it';
    const message = (by: string, difference: RouterDifference = change) =>
      `${by} the routes of ${victim.name} ${when} — router ${router}${change.rebound ? ' was replaced by another object' : ''}: ${what(difference).join('; ') || 'its routes differ'}`;
    const seen = change.by
      .map((by) => ({ by, plugin: byAlias(by.module) }))
      .filter(({ plugin }) => plugin && plugin !== victim);
    for (const { by, plugin } of seen) {
      const file = by.file === null ? undefined : relative(by.file);
      problems.push(
        problem('FARM_E144', message('changes', by.what), {
          plugin: plugin!.name,
          file: file ?? `${plugin!.root}/plugin.json`,
          ...(file !== undefined && by.line !== null ? { line: by.line } : {}),
          related: [victim.name],
        }),
      );
    }
    if (seen.length || touched.has(victim.name)) continue;
    const suspects = plan.plugins.filter((p) => touched.has(p.name));
    for (const suspect of suspects.length ? suspects : [victim])
      problems.push(
        problem('FARM_E144', message(suspect === victim ? 'something changed' : 'importing this change changes'), {
          plugin: suspect.name,
          file: `${suspect.root}/plugin.json`,
          related: suspect === victim ? [] : [victim.name],
        }),
      );
  }
  return problems;
}

/**
 * FARM_E144 for a plugin whose startup code (its routers' lifespan or on_startup handlers, run by
 * the gate as the app's startup would: farm_gate_startup.py) changed the app itself: added or
 * removed a route of the app's own list — a route that escapes URL ownership, which is judged on
 * the routes the import built — changed one of its routes in place (an included router swapped,
 * a host route's `app`) or the app's own attributes, or overrode a dependency it does not own (`app.dependency_overrides`,
 * FastAPI's test hook, changes what every route using it runs). Located at the startup function,
 * naming the plugins whose dependencies it overrode.
 */
export function appChangeProblems(changes: readonly AppChange[], plan: IntegrationPlan, roots: Roots): FarmProblem[] {
  const byAlias = pluginsByAlias(plan);
  const relative = relativeTo(roots);
  return changes.flatMap((change) => {
    const plugin = byAlias(change.module);
    if (!plugin) return [];
    const file = change.file === null ? undefined : relative(change.file);
    const owners = [...new Set(change.overrides.map((name) => byAlias(name)?.name ?? 'the host'))];
    const what = [
      change.routes.gained.length ? `adds ${change.routes.gained.join('; ')} to the app's routes` : '',
      change.routes.lost.length ? `removes ${change.routes.lost.join('; ')} from the app's routes` : '',
      change.altered?.length ? `changes ${change.altered.join('; ')}` : '',
      change.overrides.length
        ? `overrides ${change.overrides.join(', ')} (of ${owners.join(', ')}) in app.dependency_overrides`
        : '',
    ].filter(Boolean);
    return [
      problem('FARM_E144', `changes the app when the backend starts: its startup code ${what.join('; ')}`, {
        plugin: plugin.name,
        file: file ?? `${plugin.root}/plugin.json`,
        ...(file !== undefined && change.line !== null ? { line: change.line } : {}),
        related: owners.filter((owner) => owner !== 'the host' && owner !== plugin.name),
      }),
    ];
  });
}

/**
 * FARM_E103 for each plugin whose startup code raised when the gate ran it
 * (farm_gate_startup.py; failures the gate's own setting causes — the fence, the in-memory
 * database, the time limit — are not reported): uvicorn stops on "Application startup failed",
 * and every plugin with it. Located as an import failure is (importFailureProblems), else at the
 * plugin's manifest.
 */
export function startupFailureProblems(
  failures: readonly StartupFailure[],
  plan: IntegrationPlan,
  roots: Roots,
): FarmProblem[] {
  const byAlias = pluginsByAlias(plan);
  return failures.flatMap(({ module, error }) => {
    const plugin = byAlias(module);
    return importFailureProblems({ ok: false, error }, plan, new Map(), roots, 'start').map((found) =>
      found.plugin || !plugin ? found : { ...found, plugin: plugin.name, file: `${plugin.root}/plugin.json` },
    );
  });
}

/**
 * FARM_E146, a warning, for each plugin of `plugins` (names: the change's) whose startup code the
 * gate's time limit (2 s a plugin, farm_gate_startup.py) cut short: uvicorn serves no request until
 * every lifespan has reached its `yield`, so the app would wait that long — or forever — and the
 * gate judged only what the code had done by then. Located at the startup function.
 */
export function slowStartupProblems(
  slow: NonNullable<PluginEffects['slow']>,
  plan: IntegrationPlan,
  plugins: ReadonlySet<string>,
  roots: Roots,
): FarmProblem[] {
  const byAlias = pluginsByAlias(plan);
  const relative = relativeTo(roots);
  return slow.flatMap((startup) => {
    const plugin = byAlias(startup.module);
    if (!plugin || !plugins.has(plugin.name)) return [];
    const file = startup.file === null ? undefined : relative(startup.file);
    return [
      problem(
        'FARM_E146',
        "its startup code did not finish within the runtime gate's 2 s: the app serves no request until it does, and the gate judged only what it had done by then",
        {
          severity: 'warning',
          plugin: plugin.name,
          file: file ?? `${plugin.root}/plugin.json`,
          ...(file !== undefined && startup.line !== null ? { line: startup.line } : {}),
        },
      ),
    ];
  });
}

/**
 * FARM_E144 for plugin code that rebinds an attribute of FastAPI or Starlette (farm_gate_frameworks.py:
 * `fastapi.routing.APIRouter.add_api_route = wrapper`, at import or at startup): every plugin's
 * routes are built or matched through it, those of plugins imported later included, so one
 * plugin's patch can change what another's URLs run while each router looks its own. Located at
 * the new value's code (a plugin's file and line); one whose code is the host's is the host's
 * business; one with no code of its own (a `functools.partial`, a builtin) is named at
 * workspace.json, since no file says whose it is.
 */
export function frameworkPatchProblems(
  changes: readonly FrameworkChange[],
  plan: IntegrationPlan,
  roots: Roots,
): FarmProblem[] {
  const relative = relativeTo(roots);
  return changes.flatMap((change) => {
    const file = change.file === null ? undefined : relative(change.file);
    const plugin = file === undefined ? undefined : plan.plugins.find((p) => file.startsWith(`${p.root}/`));
    if (change.file !== null && !plugin) return []; // the host's code, or a library's
    const message = `patches ${change.name}, through which the backend builds or serves every plugin's routes: another plugin's URLs could run what this code decides`;
    const fix =
      'leave FastAPI and Starlette as they are: wrap your own endpoints (a dependency, a middleware declared in backend.middleware) instead';
    return [
      plugin
        ? problem('FARM_E144', message, {
            plugin: plugin.name,
            file: file!,
            ...(change.line !== null ? { line: change.line } : {}),
            fix,
          })
        : problem('FARM_E144', `a plugin's code ${message}`, { file: 'workspace.json', fix }),
    ];
  });
}

/**
 * FARM_E144 for plugin code that rebinds a global of another plugin's module, or an attribute of a
 * class it defines (`deps.get_current_user = mine`, `Paging.__init__ = …`), reached without
 * importing it — through the app at startup (`route.endpoint.__globals__`) or `sys.modules` — when
 * it does not declare that plugin (farm_gate_modules.py): the other plugin's routes would run what
 * this code decides, and no route changed. Declared (`declares(plugin, other)`), it is
 * monkeypatching a dependency, how one plugin extends another (docs/manifest.md, URL ownership).
 * Located at the new value's code, else at the startup function that ran.
 */
export function moduleChangeProblems(
  changes: readonly ModuleChange[],
  plan: IntegrationPlan,
  declares: (plugin: string, other: string) => boolean,
  roots: Roots,
): FarmProblem[] {
  const byAlias = pluginsByAlias(plan);
  const relative = relativeTo(roots);
  const reported = new Set<string>();
  return changes.flatMap((change) => {
    const [plugin, victim] = [byAlias(change.by.module), byAlias(change.module)];
    if (!plugin || !victim || plugin === victim || declares(plugin.name, victim.name)) return [];
    const file = change.by.file === null ? undefined : relative(change.by.file);
    const key = `${plugin.name}\0${change.name}\0${file}:${change.by.line}`;
    if (reported.has(key)) return [];
    reported.add(key);
    const when = change.when === 'startup' ? 'when the backend starts' : 'while the backend imports it';
    return [
      problem(
        'FARM_E144',
        `rebinds ${change.name} of ${victim.name} ${when}: ${victim.name}'s code would run what this plugin decides, and ${plugin.root}/plugin.json does not declare ${victim.name}`,
        {
          plugin: plugin.name,
          file: file ?? `${plugin.root}/plugin.json`,
          ...(file !== undefined && change.by.line !== null ? { line: change.by.line } : {}),
          related: [victim.name],
          fix: `leave ${victim.name}'s modules as they are, or declare "${victim.name}" in ${plugin.root}/plugin.json dependencies and import what you extend`,
        },
      ),
    ];
  });
}

/** `farm_plugins.<alias>.…` → the plan's plugin with that alias. */
function pluginsByAlias(plan: IntegrationPlan): (module: string) => PlannedPlugin | undefined {
  const byAlias = new Map(plan.plugins.map((p) => [p.pythonAlias, p]));
  return (module) => {
    const [top, alias] = module.split('.');
    return top === 'farm_plugins' && alias !== undefined ? byAlias.get(alias) : undefined;
  };
}

/** An absolute path under one of `roots` (or their real paths: mounted plugin folders are resolved) → relative. */
function relativeTo(roots: Roots): (file: string) => string | undefined {
  const all = [...new Set(roots.flatMap((r) => [r, safeRealpath(r)]))];
  return (file) => {
    const root = all.find((r) => file.startsWith(`${r}/`));
    return root === undefined ? undefined : file.slice(root.length + 1);
  };
}

function safeRealpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path; // removed already (the staged root): its own path is all there is
  }
}

/** A router's path under the prefix it is included with (`/ua` + `/items`). */
function joinPrefix(prefix: string, path: string): string {
  return `${prefix.replace(/\/$/, '')}${path}` || '/';
}
