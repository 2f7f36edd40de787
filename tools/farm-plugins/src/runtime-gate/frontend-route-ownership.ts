import { createRequire } from 'node:module';
import { join } from 'node:path';
import { problem, type FarmProblem } from '../core/errors';
import type { IntegrationPlan } from '../core/plan';

interface OwnedRoute {
  id: string;
  path?: string;
  index?: boolean;
  children?: OwnedRoute[];
}
type MatchRoutes = (routes: OwnedRoute[], location: string) => { route: OwnedRoute }[] | null;

/**
 * The host app's own routes around the plugins' (apps/frontend/src/App.tsx): a layout at `/`
 * with the index page, `/app`, the plugin routes, then the not-found splat.
 */
function routeTree(plan: IntegrationPlan): OwnedRoute[] {
  const plugins = plan.frontend.routes.map((route, i) => ({ id: `plugin:${i}`, path: route.path }));
  return [{ id: 'host:layout', path: '/', children: [{ id: 'host:/', index: true }, { id: 'host:/app', path: 'app' }, ...plugins, { id: 'host:*', path: '*' }] }];
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
  const matchRoutes = loadMatchRoutes(workspaceRoot);
  const tree = routeTree(plan);
  const owner = (id: string) => (id.startsWith('plugin:') ? plan.frontend.routes[Number(id.slice(7))].plugin : 'the host');
  const shown = (id: string) => (id.startsWith('plugin:') ? plan.frontend.routes[Number(id.slice(7))].path : id.slice(5));
  const problems: FarmProblem[] = [];
  const reported = new Set<string>();
  const check = (id: string, path: string) => {
    for (const url of sampleUrls(path)) {
      const winner = matchRoutes(tree, url)?.at(-1)?.route.id;
      if (!winner || winner === id || owner(winner) === owner(id)) continue;
      const pair = [id, winner].sort().join('|');
      if (reported.has(pair)) continue;
      reported.add(pair);
      for (const [loser, other] of [[id, winner], [winner, id]]) {
        if (!loser.startsWith('plugin:')) continue;
        const route = plan.frontend.routes[Number(loser.slice(7))];
        problems.push(problem('FARM_E104', `route ${shown(id)} (${owner(id)}) is never reached: React Router sends ${url} to ${shown(winner)} (${owner(winner)})`, { plugin: route.plugin, file: route.file, pointer: route.pointer, related: owner(other) === 'the host' ? [] : [owner(other)] }));
      }
    }
  };
  plan.frontend.routes.forEach((route, i) => check(`plugin:${i}`, route.path));
  check('host:/', '/');
  check('host:/app', '/app');
  check('host:*', '/farm-any/farm-path');
  return problems;
}

function loadMatchRoutes(workspaceRoot: string): MatchRoutes {
  try {
    return createRequire(join(workspaceRoot, 'package.json'))('react-router').matchRoutes;
  } catch {
    return require('react-router').matchRoutes;
  }
}
