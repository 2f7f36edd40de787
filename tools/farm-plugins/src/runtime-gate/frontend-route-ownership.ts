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
 * with the index page, `/app`, the plugin routes, then the not-found splat.
 */
function routeTree(plan: IntegrationPlan): OwnedRoute[] {
  const plugins = plan.frontend.routes.map((route, i) => ({ id: `plugin:${i}`, path: route.path }));
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
  const tree = routeTree(plan);
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
    for (const url of sampleUrls(route.path)) {
      const winnerId = matchRoutes(tree, url)?.at(-1)?.route.id;
      const winner = winnerId === undefined ? undefined : routes.get(winnerId);
      if (!winner || winnerId === id || winner.owner === route.owner) continue;
      const pair = [id, winnerId].sort().join('|');
      if (reported.has(pair)) continue;
      reported.add(pair);
      const message = `route ${route.shown} (${route.owner}) is never reached: React Router sends ${url} to ${winner.shown} (${winner.owner})`;
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
