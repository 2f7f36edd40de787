import { problem, type FarmProblem } from '../core/errors';
import type { LoadedManifest } from '../core/manifest';
import { loadReactRouter, type ReactRouterPaths } from './frontend-route-ownership';

/**
 * FARM_E109 for each `frontend.routes[i].path` of the plugin that React Router cannot take as
 * written (issue 12 item 5: what the runtime parses is parsed at validate), located at
 * `/frontend/routes/<i>/path`. React Router is the judge (routePathRefusal), loaded from the
 * workspace as the app bundles it.
 */
export function routePathProblems(loaded: LoadedManifest, workspaceRoot: string): FarmProblem[] {
  const routes = loaded.manifest.frontend?.routes ?? [];
  if (!routes.length) return [];
  const router = loadRouteSyntaxJudge(workspaceRoot);
  return routes.flatMap((route, i) => {
    const refusal = routePathRefusal(router, route.path);
    if (!refusal) return [];
    const pointer = `/frontend/routes/${i}/path`;
    return [
      problem('FARM_E109', refusal, {
        plugin: loaded.manifest.name,
        file: loaded.file,
        pointer,
        ...loaded.document.locate(pointer),
      }),
    ];
  });
}

/** The parts of the app's React Router that judge a route path. */
export interface RouteSyntaxJudge extends ReactRouterPaths {
  resolvePath: (to: string, from?: string) => { pathname: string };
}

/**
 * The app's React Router (loadReactRouter: `react-router` as the workspace resolves it), with the
 * exports routePathRefusal asks. Throws when the copy found lacks `resolvePath` (React Router < 6).
 */
export function loadRouteSyntaxJudge(workspaceRoot: string): RouteSyntaxJudge {
  const router = loadReactRouter(workspaceRoot) as Partial<RouteSyntaxJudge>;
  if (typeof router.resolvePath !== 'function')
    throw new Error(
      `the react-router resolved from ${workspaceRoot} has no resolvePath export (React Router 6 or 7 needed)`,
    );
  return router as RouteSyntaxJudge;
}

/**
 * Whether React Router takes `path` as written, asked of its own exports rather than a copy of its
 * grammar. The path is placed where the app places plugin routes (under the host's `/` layout) and:
 * - React Router's warnings and invariants while it ranks and compiles it (`matchRoutes`: "Route
 *   path "/files*" will be treated as if it were "/files/*" …") refuse it, quoted;
 * - `generatePath` fills every parameter it reads (asked through a recording params object, each
 *   read a value of its own) and the URL it makes must reach this route through `matchRoutes` with
 *   those very values: `/x?y` makes the URL `/x?y`, whose pathname is `/x`; `/:id/to/:id` keeps one
 *   of its two ids;
 * - a segment written with `:` or `*` must be one React Router reads as a parameter or splat: with
 *   that segment replaced by a plain word, `generatePath` must read fewer parameters. `/items/:`
 *   (no name), `/a/*` followed by `/b` (a splat not at the end), `/files/*?`, `/v-:id` (a partial
 *   parameter) are read literally, and would answer only a URL holding those very characters;
 * - the filled URL may hold no `:` or `*` of the path's own: `/items/:id-:x` makes `/items/5:x`
 *   (React Router reads the parameter `id-` and a literal `:x`);
 * - `resolvePath`, which `<Link>` and `navigate` apply to every target, must leave the filled URL
 *   as it is: it reads `.` and `..` segments as steps (`/a/./b` → `/a/b`, `/a/../b` → `/b`), so no
 *   navigation ever reaches a route holding one.
 * Returns the refusal, one sentence quoting the path; undefined when React Router takes it.
 */
export function routePathRefusal(router: RouteSyntaxJudge, path: string): string | undefined {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
  try {
    const filled = generateFilled(router, path);
    const matches = router.matchRoutes([{ path: '/', children: [{ id: 'plugin', path }] }], filled.url);
    if (warnings.length) return `React Router warns: ${warnings[0]}`;
    const reached = matches?.at(-1);
    if (reached?.route.id !== 'plugin')
      return `React Router cannot match "${path}" as written: generatePath makes the URL ${filled.url} of it, and matchRoutes does not send that URL to it`;
    const lost = filled.reads.filter(({ key, value }) => reached.params[key] !== value);
    if (lost.length) {
      const put = filled.reads.map(({ key, value }) => `${key}=${value}`).join(', ');
      const back = [...new Set(filled.reads.map(({ key }) => key))].map((key) => `${key}=${reached.params[key]}`);
      return `React Router cannot match "${path}" as written: generatePath puts ${put} into ${filled.url}, and matchRoutes reads ${back.join(', ')} back`;
    }
    const literal = literalSyntaxSegment(router, path, filled.reads.length);
    if (literal !== undefined)
      return `React Router reads the segment "${literal}" of "${path}" literally, not as a parameter or splat: the route answers only a URL with "${literal}" in it`;
    const syntax = /[:*]/.exec(filled.url);
    if (syntax)
      return `React Router reads a "${syntax[0]}" of "${path}" literally, not as a parameter or splat: generatePath makes the URL ${filled.url} of it, and the route answers only URLs with that "${syntax[0]}" in them`;
    const resolved = router.resolvePath(filled.url).pathname;
    if (resolved !== filled.url)
      return `React Router resolves the URL ${filled.url} of "${path}" to ${resolved} (resolvePath reads "." and ".." segments as steps, as <Link> and navigate do), so navigation never reaches the route`;
    return undefined;
  } catch (error) {
    return `React Router refuses "${path}": ${(error as Error).message}`;
  } finally {
    console.warn = warn;
  }
}

/** One parameter generatePath read, and the value it was given. */
interface ParamRead {
  key: string;
  value: string;
}

/**
 * `generatePath(path)` with every parameter it reads filled, each read with a value of its own (a
 * splat with two segments), and those reads in order.
 */
function generateFilled(router: ReactRouterPaths, path: string): { url: string; reads: ParamRead[] } {
  const reads: ParamRead[] = [];
  const recording = new Proxy<Record<string, string>>(
    {},
    {
      get: (_target, key) => {
        if (typeof key !== 'string') return undefined;
        const n = reads.length + 1;
        const value = key === '*' ? `farm-splat-${n}/farm-rest` : `farm-${key}-${n}`;
        reads.push({ key, value });
        return value;
      },
    },
  );
  return { url: router.generatePath(path, recording), reads };
}

/** The first segment written with `:` or `*` that generatePath does not read as a parameter or splat. */
function literalSyntaxSegment(router: ReactRouterPaths, path: string, reads: number): string | undefined {
  const segments = path.split('/');
  return segments.find((segment, i) => {
    if (!/[:*]/.test(segment)) return false;
    const plain = [...segments.slice(0, i), 'farm-plain', ...segments.slice(i + 1)].join('/');
    return generateFilled(router, plain).reads.length === reads;
  });
}
