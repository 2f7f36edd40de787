import { problem, type FarmProblem } from '../core/errors';
import type { IntegrationPlan, PlanOrigin } from '../core/plan';
import type { GateEndpointRefusal, GateOutcome, GateRoute } from './run-backend-gate';
import { answersUnder, pathsIntersect } from './starlette-paths';

type Failed = Exclude<GateOutcome, { ok: true }>;

/**
 * The backend's import failure as FARM_E103, located where the fault is: the innermost frame in
 * a plugin's own code (its file and line), else the generated line that wired a plugin's entry
 * (that entry in its plugin.json), else the backend itself. The runtime's message is quoted.
 * `roots` are the folders a frame's path may start with (the scratch copy, the workspace);
 * `failedTo`: what the backend failed to do (`start`: a plugin's startup code raised).
 */
export function importFailureProblems(
  outcome: Failed,
  plan: IntegrationPlan,
  generated: ReadonlyMap<string, string>,
  roots: readonly string[],
  failedTo: 'import' | 'start' = 'import',
): FarmProblem[] {
  if ('crashed' in outcome) {
    const module = outcome.running?.module;
    const plugin = plan.plugins.find(
      (p) => module?.startsWith('farm_plugins.') && p.pythonAlias === module.split('.')[1],
    );
    const failed = outcome.running?.when === 'startup' ? 'start' : 'import';
    // Not the runtime's message (the catalogue's fix says so): the process ended, or the gate ended it.
    const where = failed === 'start' ? 'startup code (lifespan, on_startup)' : 'module-level code';
    const fix = /did not finish/.test(outcome.crashed)
      ? `make ${module ?? 'the plugin'}'s ${where} return: move waiting, blocking calls and long work into a request handler or a background task`
      : `let ${module ?? 'the plugin'}'s ${where} end by returning or raising, not by ending the process (os._exit, sys.exit, a signal)`;
    return [
      plugin
        ? problem('FARM_E103', `the backend does not ${failed}: ${outcome.crashed}`, {
            plugin: plugin.name,
            file: `${plugin.root}/plugin.json`,
            fix,
          })
        : problem('FARM_E103', `the backend did not import with this change: ${outcome.crashed}`, {
            file: 'workspace.json',
            fix,
          }),
    ];
  }
  const { type, message, frames } = outcome.error;
  const quoted = `${type}: ${message}`;
  const relative = (file: string) => {
    const root = roots.find((r) => file.startsWith(`${r}/`));
    return root === undefined ? undefined : file.slice(root.length + 1);
  };
  for (const frame of [...frames].reverse()) {
    const file = relative(frame.file);
    if (file === undefined) continue;
    const plugin = plan.plugins.find((p) => file.startsWith(`${p.root}/`));
    if (plugin)
      return [
        problem('FARM_E103', `the backend does not ${failedTo}: ${quoted}`, {
          plugin: plugin.name,
          file,
          line: frame.line,
        }),
      ];
    const line = generated.get(file)?.split('\n')[frame.line - 1];
    const origin = line === undefined ? undefined : wiredEntry(line, plan);
    if (origin)
      return [
        problem(
          'FARM_E103',
          `the backend does not ${failedTo}: ${quoted} (at ${file}:${frame.line}: ${line!.trim()})`,
          {
            plugin: origin.plugin,
            file: origin.file,
            pointer: origin.pointer,
          },
        ),
      ];
  }
  return [
    problem('FARM_E103', `the backend does not ${failedTo}: ${quoted}`, {
      file: relative(frames[frames.length - 1]?.file ?? '') ?? 'workspace.json',
    }),
  ];
}

/** The plan entry whose generated local name the line uses (`auth_router_auth_router`). */
function wiredEntry(line: string, plan: IntegrationPlan): PlanOrigin | undefined {
  const { routers, middleware, models, tasks } = plan.backend;
  const { providers, pipelines, endpoints } = plan.ai;
  return [...routers, ...middleware, ...models, ...tasks, ...providers, ...pipelines, ...endpoints].find((entry) =>
    new RegExp(`\\b${entry.local}\\b`).test(line),
  );
}

/**
 * URL ownership (FARM_E104): no two owners — plugins, or a plugin and the host — answer one URL
 * with one method. Paths are compared as Starlette matches them (starlette-paths.ts): parameter
 * names do not matter (`/items/{id}` is `/items/{name}`), convertors do, a trailing slash makes
 * another path, and paths that are not equal can still share URLs (`/ai/{slug:path}` takes the
 * host's `/ai/providers`, whichever is registered first wins). A route's owner is the plugin whose
 * `farm_plugins.<alias>` module defines its endpoint, whose AI endpoint it serves (AIRouter's
 * `ai:<name>` routes) or whose static files it mounts; a mount answers every URL under its prefix
 * (mountProblems). Each plugin owner of a clash gets the problem, the other owner named.
 */
export function urlOwnershipProblems(
  routes: readonly GateRoute[],
  plan: IntegrationPlan,
  judged: (owner: string) => boolean = () => true,
): FarmProblem[] {
  const ownerOf = routeOwners(plan);
  const answering = routes
    .filter((route) => !isMount(route))
    .map((route) => ({ route, owner: ownerOf(route), methods: methodsOf(route) }));
  const problems: FarmProblem[] = [];
  const reported = new Set<string>();
  const report = (name: string, route: GateRoute, message: string, other: string) => {
    const plugin = plan.plugins.find((p) => p.name === name);
    if (!plugin || reported.has(`${name}\0${other}`)) return;
    reported.add(`${name}\0${other}`);
    // An AI endpoint's route is located at its entry; a router's at the routers.
    const endpoint = plan.ai.endpoints.find((e) => `ai:${e.name}` === route.name && e.plugin === name);
    problems.push(
      problem('FARM_E104', message, {
        plugin: name,
        file: endpoint?.file ?? `${plugin.root}/plugin.json`,
        pointer: endpoint?.pointer ?? '/backend/routers',
        related: other === 'the host' ? [] : [other],
      }),
    );
  };
  for (const [a, b] of candidatePairs(answering, (item) => judged(item.owner))) {
    if (a.owner === b.owner || !a.methods.some((m) => b.methods.includes(m))) continue;
    if (!pathsIntersect(a.route.path, b.route.path)) continue;
    const method = a.methods.find((m) => b.methods.includes(m))!;
    const same = normalizedPath(a.route.path) === normalizedPath(b.route.path);
    for (const [mine, theirs] of [
      [a, b],
      [b, a],
    ] as const) {
      report(
        mine.owner,
        mine.route,
        same
          ? `${method} ${mine.route.path} is answered by ${mine.owner} and by ${theirs.owner}: one of them would never be reached`
          : `${method} ${mine.route.path} of ${mine.owner} and ${method} ${theirs.route.path} of ${theirs.owner} answer the same URLs: for those, one of them would never be reached`,
        theirs.owner,
      );
    }
  }
  return [...problems, ...mountProblems(routes, plan, ownerOf)];
}

/**
 * The methods a route answers, as the app reports them: a Starlette route with GET answers HEAD
 * too (Starlette adds it), a FastAPI route only what it declares (HEAD on a GET route is 405);
 * a websocket route 'WEBSOCKET'.
 */
function methodsOf(route: GateRoute): string[] {
  return route.methods.length ? [...route.methods] : ['WEBSOCKET'];
}

/** A Mount answers every URL below its path (backend_gate.py says which routes are mounts). */
const isMount = (route: GateRoute) => route.kind === 'mount';

/** A path with its parameter names dropped (`/items/{id}` and `/items/{name}` are one path). */
function normalizedPath(path: string): string {
  return path.replace(/\{([^}:]+)(:[^}]+)?\}/g, (_m, _name, convertor = '') => `{${convertor}}`);
}

/**
 * The pairs of routes that could share a URL and involve a route in `focus` (the plugins a change
 * imports; every route when all are judged), each pair once: routes whose first segments are
 * different texts cannot share one, so a route meets only those of its first segment and those
 * whose first segment holds a parameter (which meet every route). At 1,000 plugins (~5,000
 * routes) comparing every pair took two seconds of each add.
 */
function* candidatePairs<T extends { route: GateRoute }>(
  items: readonly T[],
  focus: (item: T) => boolean,
): Generator<[T, T]> {
  const byFirst = new Map<string, T[]>();
  const open: T[] = [];
  const firstOf = (item: T) => item.route.path.split('/')[1] ?? '';
  for (const item of items) {
    const first = firstOf(item);
    if (first.includes('{')) open.push(item);
    else byFirst.set(first, [...(byFirst.get(first) ?? []), item]);
  }
  const order = new Map(items.map((item, i) => [item, i]));
  for (const item of items) {
    if (!focus(item)) continue;
    const first = firstOf(item);
    const others = first.includes('{') ? items : [...(byFirst.get(first) ?? []), ...open];
    for (const other of others)
      if (other !== item && (!focus(other) || order.get(other)! > order.get(item)!)) yield [item, other];
  }
}

/**
 * Who answers a route of the imported app: a plugin's package name, or 'the host'. One rule for
 * URL ownership and for the route record's entries (route-record.ts).
 */
export function routeOwners(plan: IntegrationPlan): (route: GateRoute) => string {
  const byAlias = new Map(plan.plugins.map((p) => [p.pythonAlias, p]));
  // AI endpoints are served by the host's AIRouter (named `ai:<endpoint>`) for the plugin that declares them.
  const named = new Map(plan.ai.endpoints.map((e) => [`ai:${e.name}`, e.plugin]));
  // A plugin's static files are a Mount (no methods) named `<project>:<entry>` by the generated code.
  const mounts = new Map(plan.backend.staticFiles.map((f) => [f.name, f.plugin]));
  return (route) => {
    const byName =
      route.name === null
        ? undefined
        : (named.get(route.name) ?? (route.methods.length ? undefined : mounts.get(route.name)));
    if (byName) return byName;
    const [top, alias] = (route.module ?? '').split('.');
    return top === 'farm_plugins' && alias !== undefined ? (byAlias.get(alias)?.name ?? 'the host') : 'the host';
  };
}

/**
 * A mount answers every URL below its path (Starlette's Mount is `path + "/{path:path}"`), ahead
 * of what is registered after it: FARM_E104 when a route of another owner (the host's `/ai/…`,
 * `/docs`, another plugin's router or mount) answers a URL there. A plugin's static files are
 * located at their entry's prefix; a mount a plugin's router makes (a sub-application) at its
 * routers. The routes are the imported app's, so only a real overlap counts (`/users/avatars`
 * beside a router that answers `/users/me` alone is fine; beside `/users/{id}/…` it is not). The
 * other plugin is told too: the change may be its own (a router added under an installed mount).
 */
function mountProblems(
  routes: readonly GateRoute[],
  plan: IntegrationPlan,
  ownerOf: (route: GateRoute) => string,
): FarmProblem[] {
  const problems: FarmProblem[] = [];
  const where = (owner: string, route: GateRoute) => {
    const folder = isMount(route) ? plan.backend.staticFiles.find((f) => f.name === route.name) : undefined;
    if (folder)
      return {
        file: folder.file,
        pointer: `${folder.pointer}/prefix`,
        shown: `the static files prefix "${folder.prefix}"`,
      };
    const plugin = plan.plugins.find((p) => p.name === owner);
    return (
      plugin && { file: `${plugin.root}/plugin.json`, pointer: '/backend/routers', shown: `the mount at ${route.path}` }
    );
  };
  for (const mount of routes.filter((r) => isMount(r))) {
    const owner = ownerOf(mount);
    const at = where(owner, mount);
    if (owner === 'the host' || !at) continue;
    const taken = routes.find(
      (other) => other !== mount && ownerOf(other) !== owner && answersUnder(other.path, mount.path),
    );
    if (!taken) continue;
    const other = ownerOf(taken);
    const shown = `${taken.methods.filter((m) => m !== 'HEAD').join(', ') || (isMount(taken) ? 'every URL under' : 'websocket')} ${taken.path}`;
    const folder = plan.backend.staticFiles.find((f) => f.name === mount.name);
    problems.push(
      problem(
        'FARM_E104',
        `${at.shown} of ${owner} would answer ${shown}, which ${other} answers: one of them would never be reached`,
        {
          plugin: owner,
          file: at.file,
          pointer: at.pointer,
          related: other === 'the host' ? [] : [other],
          ...(folder
            ? { fix: `serve the folder under a prefix of its own, e.g. "/static/${folder.name.split(':')[0]}"` }
            : {}),
        },
      ),
    );
    const theirs = other === 'the host' ? undefined : where(other, taken);
    if (theirs)
      problems.push(
        problem(
          'FARM_E104',
          `${shown} of ${other} is under ${at.shown} of ${owner}: one of them would never be reached`,
          {
            plugin: other,
            file: theirs.file,
            pointer: theirs.pointer,
            related: [owner],
          },
        ),
      );
  }
  return problems;
}

/**
 * FARM_E107: AI endpoints the host could not call as it calls every endpoint —
 * `handler(payload, ai, request)` (docs/manifest.md) — as Python's inspect binds the arguments
 * after the gate's import; located at the endpoint's manifest entry.
 */
export function endpointCallProblems(
  refused: readonly GateEndpointRefusal[] | undefined,
  plan: IntegrationPlan,
): FarmProblem[] {
  return (refused ?? []).flatMap(({ name, message }) => {
    const entry = plan.ai.endpoints.find((e) => e.name === name);
    return entry
      ? [
          problem('FARM_E107', `AI endpoint "${name}": ${message}`, {
            plugin: entry.plugin,
            file: entry.file,
            pointer: entry.pointer,
          }),
        ]
      : [];
  });
}
