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
 * or whose AI endpoint it serves (AIRouter's `ai:<name>` routes).
 */
export function urlOwnershipProblems(routes: readonly GateRoute[], plan: IntegrationPlan): FarmProblem[] {
  const byAlias = new Map(plan.plugins.map((p) => [p.pythonAlias, p]));
  // AI endpoints are served by the host's AIRouter (named `ai:<endpoint>`) for the plugin that declares them.
  const aiEndpoints = new Map(plan.ai.endpoints.map((e) => [`ai:${e.name}`, e.plugin]));
  const ownerOf = (route: GateRoute) => {
    const endpointOwner = route.name === null ? undefined : aiEndpoints.get(route.name);
    if (endpointOwner) return endpointOwner;
    const [top, alias] = (route.module ?? '').split('.');
    return top === 'farm_plugins' && alias !== undefined ? (byAlias.get(alias)?.name ?? 'the host') : 'the host';
  };
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
