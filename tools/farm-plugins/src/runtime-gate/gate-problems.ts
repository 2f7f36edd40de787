import { problem, type FarmProblem } from '../core/errors';
import type { IntegrationPlan, PlanOrigin } from '../core/plan';
import type { GateEndpointRefusal, GateOutcome, GateRoute } from './run-backend-gate';

type Failed = Exclude<GateOutcome, { ok: true }>;

/**
 * The backend's import failure as FARM_E103, located where the fault is: the innermost frame in
 * a plugin's own code (its file and line), else the generated line that wired a plugin's entry
 * (that entry in its plugin.json), else the backend itself. The runtime's message is quoted.
 * `roots` are the folders a frame's path may start with (the scratch copy, the workspace).
 */
export function importFailureProblems(
  outcome: Failed,
  plan: IntegrationPlan,
  generated: ReadonlyMap<string, string>,
  roots: readonly string[],
): FarmProblem[] {
  if ('crashed' in outcome)
    return [
      problem('FARM_E103', `the backend did not import with this change: ${outcome.crashed}`, {
        file: 'workspace.json',
      }),
    ];
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
        problem('FARM_E103', `the backend does not import: ${quoted}`, { plugin: plugin.name, file, line: frame.line }),
      ];
    const line = generated.get(file)?.split('\n')[frame.line - 1];
    const origin = line === undefined ? undefined : wiredEntry(line, plan);
    if (origin)
      return [
        problem('FARM_E103', `the backend does not import: ${quoted} (at ${file}:${frame.line}: ${line!.trim()})`, {
          plugin: origin.plugin,
          file: origin.file,
          pointer: origin.pointer,
        }),
      ];
  }
  return [
    problem('FARM_E103', `the backend does not import: ${quoted}`, {
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
 * URL ownership (FARM_E104): no two owners — plugins, or a plugin and the host — answer the same
 * method and path. Paths are compared as Starlette matches them: parameter names do not matter
 * (`/items/{id}` is `/items/{name}`), convertors do (`{p:path}`), a trailing slash makes another
 * path. A route's owner is the plugin whose `farm_plugins.<alias>` module defines its endpoint,
 * whose AI endpoint it serves (AIRouter's `ai:<name>` routes) or whose static files it mounts;
 * a mount answers every URL under its prefix (mountProblems).
 */
export function urlOwnershipProblems(routes: readonly GateRoute[], plan: IntegrationPlan): FarmProblem[] {
  const ownerOf = routeOwners(plan);
  const owners = new Map<string, { owners: Set<string>; shown: string }>();
  for (const route of routes) {
    const pattern = route.path.replace(/\{([^}:]+)(:[^}]+)?\}/g, (_m, _name, convertor = '') => `{${convertor}}`);
    // Starlette answers HEAD with every GET route: counting it again would report each clash twice.
    const methods = route.methods.filter((m) => m !== 'HEAD' || !route.methods.includes('GET'));
    for (const method of methods.length ? methods : ['*']) {
      const key = `${method} ${pattern}`;
      const entry = owners.get(key) ?? { owners: new Set<string>(), shown: `${method} ${route.path}` };
      entry.owners.add(ownerOf(route));
      owners.set(key, entry);
    }
  }
  const problems: FarmProblem[] = [];
  for (const { owners: who, shown } of owners.values()) {
    if (who.size < 2) continue;
    for (const name of who) {
      const plugin = plan.plugins.find((p) => p.name === name);
      if (!plugin) continue;
      const others = [...who].filter((o) => o !== name);
      problems.push(
        problem(
          'FARM_E104',
          `${shown} is answered by ${name} and by ${others.join(', ')}: one of them would never be reached`,
          {
            plugin: name,
            file: `${plugin.root}/plugin.json`,
            pointer: '/backend/routers',
            related: others.filter((o) => o !== 'the host'),
          },
        ),
      );
    }
  }
  return [...problems, ...mountProblems(routes, plan, ownerOf)];
}

/** Who answers a route of the imported app: a plugin's package name, or 'the host'. */
function routeOwners(plan: IntegrationPlan): (route: GateRoute) => string {
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
 * A plugin's static files mount answers every URL under its prefix (Starlette's Mount matches the
 * prefix and anything below it), ahead of what is registered after it: FARM_E104 at the entry's
 * prefix when a route of another owner (the host's `/ai/…`, `/docs`, another plugin's router or
 * mount) answers any URL there. The routes are the imported app's, so only a real overlap counts
 * (`/users/avatars` beside a router that answers `/users/me` alone is fine; beside `/users/{id}` it is not).
 */
function mountProblems(
  routes: readonly GateRoute[],
  plan: IntegrationPlan,
  ownerOf: (route: GateRoute) => string,
): FarmProblem[] {
  const problems: FarmProblem[] = [];
  for (const folder of plan.backend.staticFiles) {
    const mount = routes.find((r) => !r.methods.length && r.name === folder.name);
    if (!mount) continue;
    const taken = routes.find(
      (other) => other !== mount && ownerOf(other) !== folder.plugin && answersUnder(other.path, mount.path),
    );
    if (!taken) continue;
    const owner = ownerOf(taken);
    const shown = `${taken.methods.filter((m) => m !== 'HEAD').join(', ') || 'every method of'} ${taken.path}`;
    problems.push(
      problem(
        'FARM_E104',
        `static files prefix "${folder.prefix}" would answer ${shown}, which ${owner} answers: one of them would never be reached`,
        {
          plugin: folder.plugin,
          file: folder.file,
          pointer: `${folder.pointer}/prefix`,
          related: owner === 'the host' ? [] : [owner],
          fix: `serve the folder under a prefix of its own, e.g. "/static/${folder.name.split(':')[0]}"`,
        },
      ),
    );
  }
  return problems;
}

/**
 * Whether a Starlette route path can match a URL at or below `prefix` (a mount's path), segment by
 * segment as Starlette compiles paths: `{name}` is one non-empty segment, `{name:path}` anything
 * after it, other text itself.
 */
export function answersUnder(routePath: string, prefix: string): boolean {
  const route = routePath.split('/').slice(1);
  const under = prefix.replace(/\/+$/, '').split('/').slice(1);
  if (under.length === 0) return true; // a mount at the root answers every URL
  for (const [i, wanted] of under.entries()) {
    const segment = route[i];
    if (segment === undefined) return false; // the route stops above the prefix
    if (/\{[^}]*:path\}/.test(segment)) return true;
    const pattern = segment
      .split(/(\{[^}]+\})/)
      .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
      .join('');
    if (!new RegExp(`^${pattern}$`).test(wanted)) return false;
  }
  return true;
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
