import { createRequire } from 'node:module';
import { join } from 'node:path';
import { problem, type FarmProblem } from '../core/errors';
import type { IntegrationPlan, PlannedRoute } from '../core/plan';

interface OwnedRoute {
  id?: string;
  path?: string;
  index?: boolean;
  children?: OwnedRoute[];
}
type MatchRoutes = (
  routes: OwnedRoute[],
  location: string,
) => { route: OwnedRoute; params: Record<string, string | undefined> }[] | null;

/**
 * The host app's own routes around the plugins' (apps/frontend/src/App.tsx): a layout at `/`
 * with the index page, `/app`, the given plugin routes (by their index in the plan), then the
 * not-found splat.
 */
function routeTree(plan: IntegrationPlan, indexes: readonly number[]): OwnedRoute[] {
  const plugins = indexes.map((i) => ({ id: `plugin:${i}`, path: plan.frontend.routes[i]!.path }));
  return [
    {
      id: 'host:layout',
      path: '/',
      children: [
        { id: 'host:/', index: true },
        { id: 'host:/app', path: 'app' },
        ...plugins,
        { id: 'host:*', path: '*' },
      ],
    },
  ];
}

/** A path's first segment when it is plain text (lower-cased: React Router matches case-insensitively), else undefined. */
function literalFirstSegment(path: string): string | undefined {
  const first = path.split('/').filter(Boolean)[0];
  return first === undefined || first.startsWith(':') || first.includes('*') || first.endsWith('?')
    ? undefined
    : first.toLowerCase();
}

/**
 * For each URL, the plugin routes that could match it: those whose first segment is that text,
 * and those whose first segment is not plain text (a parameter, a splat, optional). The others
 * cannot match, so leaving them out of the tree changes nothing React Router picks — and spares
 * ranking every route for every URL (at 1,000 plugins that took two minutes).
 */
function candidatesFor(plan: IntegrationPlan): (url: string) => number[] {
  const byFirst = new Map<string, number[]>();
  const open: number[] = [];
  plan.frontend.routes.forEach((route, i) => {
    const first = literalFirstSegment(route.path);
    if (first === undefined) open.push(i);
    else byFirst.set(first, [...(byFirst.get(first) ?? []), i]);
  });
  return (url) => {
    const first = url.split('/').filter(Boolean)[0]?.toLowerCase();
    return [...(first === undefined ? [] : (byFirst.get(first) ?? [])), ...open].sort((a, b) => a - b);
  };
}

/** URLs a route answers: each `:param` a value, an optional segment with and without, a splat two segments. */
function sampleUrls(path: string): string[] {
  let urls = [''];
  for (const segment of path.split('/').filter(Boolean)) {
    const optional = segment.endsWith('?');
    const bare = optional ? segment.slice(0, -1) : segment;
    const value = bare === '*' ? 'farm-any/farm-path' : bare.startsWith(':') ? 'farm-value' : bare;
    urls = urls.flatMap((url) => (optional ? [url, `${url}/${value}`] : [`${url}/${value}`]));
  }
  return urls.map((url) => url || '/');
}

/**
 * URL ownership in the frontend, decided by React Router itself (the app's own `matchRoutes`):
 * for every URL a plugin route answers, the route React Router picks — by its ranking, case-
 * insensitively, ignoring a trailing slash and parameter names — must be that route. If it is
 * another plugin's or the host's (`/`, `/app`, the not-found splat), one of them is unreachable:
 * FARM_E104 on the plugin, naming both owners. Loads `react-router` from the workspace (else the
 * tool's own); pure otherwise.
 */
export function frontendRouteOwnershipProblems(plan: IntegrationPlan, workspaceRoot: string): FarmProblem[] {
  const { matchRoutes } = loadReactRouter(workspaceRoot);
  const candidates = candidatesFor(plan);
  // Every route by its id in the tree: who owns it, how it is shown, the path its URLs come from.
  const routes = new Map<string, { owner: string; shown: string; path: string; planned?: PlannedRoute }>([
    ...plan.frontend.routes.map(
      (planned, i) =>
        [`plugin:${i}`, { owner: planned.plugin, shown: planned.path, path: planned.path, planned }] as const,
    ),
    ['host:/', { owner: 'the host', shown: '/', path: '/' }],
    ['host:/app', { owner: 'the host', shown: '/app', path: '/app' }],
    ['host:*', { owner: 'the host', shown: '*', path: '/farm-any/farm-path' }],
  ]);
  const problems: FarmProblem[] = [];
  const reported = new Set<string>();
  for (const [id, route] of routes) {
    const urls = sampleUrls(route.path);
    const winners = urls.map((url) => matchRoutes(routeTree(plan, candidates(url)), url)?.at(-1)?.route.id);
    // `/todos/:id?` beside `/todos` loses /todos only: it still answers /todos/5.
    const reached = winners.some((winnerId) => winnerId === id);
    for (const [i, url] of urls.entries()) {
      const winnerId = winners[i];
      const winner = winnerId === undefined ? undefined : routes.get(winnerId);
      if (!winner || winnerId === id || winner.owner === route.owner) continue;
      const pair = [id, winnerId].sort().join('|');
      if (reported.has(pair)) continue;
      reported.add(pair);
      const message = `route ${route.shown} (${route.owner}) ${reached ? `does not get ${url}` : 'is never reached'}: React Router sends ${url} to ${winner.shown} (${winner.owner})`;
      for (const [loser, other] of [
        [route, winner],
        [winner, route],
      ] as const) {
        if (!loser.planned) continue;
        problems.push(
          problem('FARM_E104', message, {
            plugin: loser.planned.plugin,
            file: loser.planned.file,
            pointer: loser.planned.pointer,
            related: other.owner === 'the host' ? [] : [other.owner],
            fix: 'give one of the two routes another path',
          }),
        );
      }
    }
  }
  return problems;
}

/** The parts of React Router that FARM asks about route paths (react-router 7's exports). */
export interface ReactRouterPaths {
  matchRoutes: MatchRoutes;
  generatePath: (path: string, params: Record<string, string>) => string;
}

/**
 * The app's React Router: `react-router` as the workspace resolves it (what Vite bundles), else
 * the tool's own copy. Node resolves its development build, which keeps React Router's warnings.
 */
export function loadReactRouter(workspaceRoot: string): ReactRouterPaths {
  try {
    return createRequire(join(workspaceRoot, 'package.json'))('react-router');
  } catch {
    return require('react-router');
  }
}
