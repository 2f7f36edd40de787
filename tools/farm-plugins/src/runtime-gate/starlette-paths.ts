/**
 * Whether two of Starlette's route paths can match one URL, read as Starlette compiles them
 * (starlette/routing.py `compile_path`): `{name}` is one non-empty segment (`[^/]+`), `{name:int}`,
 * `{name:float}`, `{name:uuid}` their convertor's pattern, `{name:path}` anything from there on,
 * slashes included; other text is itself. Starlette tries routes in order and takes the first that
 * matches, so two owners whose paths intersect share URLs: one of them is never reached for those.
 */

/** Convertor patterns of starlette/convertors.py (a `{name}` without one is `str`). */
const convertorPatterns: Record<string, string> = {
  str: '[^/]+',
  int: '[0-9]+',
  float: '[0-9]+(?:\\.[0-9]+)?',
  uuid: '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
};

// Split once per path: URL ownership at 1,000 plugins compares thousands of paths many times.
const split = new Map<string, string[]>();
function segments(path: string): string[] {
  let found = split.get(path);
  if (!found) split.set(path, (found = path.split('/').slice(1)));
  return found;
}
const isPathParameter = (segment: string) => /\{[^}]*:path\}/.test(segment);
const hasParameter = (segment: string) => segment.includes('{');

/** One segment's regular expression (no path convertor in it). */
function segmentPattern(segment: string): RegExp {
  const source = segment
    .split(/(\{[^}]+\})/)
    .map((part) => {
      if (!part.startsWith('{')) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      const convertor = /:(\w+)\}$/.exec(part)?.[1] ?? 'str';
      return convertorPatterns[convertor] ?? '[^/]+';
    })
    .join('');
  return new RegExp(`^${source}$`);
}

/** Whether two segments (neither holding a path convertor) can be the same URL segment. */
function segmentsMeet(a: string, b: string): boolean {
  if (!hasParameter(a) && !hasParameter(b)) return a === b;
  if (!hasParameter(a)) return segmentPattern(b).test(a);
  if (!hasParameter(b)) return segmentPattern(a).test(b);
  return true; // two parameters: some text fits both unless their convertors differ, which we do not chase
}

/** Whether some URL matches both route paths (`/ai/{slug:path}` and `/ai/providers`: yes). */
export function pathsIntersect(a: string, b: string): boolean {
  const [x, y] = [segments(a), segments(b)];
  for (let i = 0; ; i++) {
    const [p, q] = [x[i], y[i]];
    if ((p !== undefined && isPathParameter(p)) || (q !== undefined && isPathParameter(q))) return true;
    if (p === undefined || q === undefined) return p === q;
    if (!segmentsMeet(p, q)) return false;
  }
}

/**
 * Whether a route path can match a URL a Mount at `prefix` answers. Starlette mounts a path as
 * `prefix + "/{path:path}"`: the URLs strictly below the prefix (`/static/x/…`), not the prefix
 * itself, so `/notes/{id}` beside a mount at `/notes/x` keeps `/notes/x` (FastAPI answers it).
 */
export function answersUnder(routePath: string, prefix: string): boolean {
  return pathsIntersect(routePath, `${prefix.replace(/\/+$/, '')}/{rest:path}`) && reachesBelow(routePath, prefix);
}

/** A route reaches below the prefix when it has more segments than it, or a path convertor. */
function reachesBelow(routePath: string, prefix: string): boolean {
  const route = segments(routePath);
  const depth = segments(prefix.replace(/\/+$/, '')).length;
  return route.length > depth || route.some(isPathParameter);
}
