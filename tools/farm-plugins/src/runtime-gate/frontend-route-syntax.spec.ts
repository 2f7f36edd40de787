import { loadManifest } from '../core/manifest';
import { repoRoot } from '../testing/temp-workspace';
import { loadRouteSyntaxJudge, routePathProblems, routePathRefusal } from './frontend-route-syntax';

// The app's own React Router (react-router 7, from the workspace) is the judge.
const router = loadRouteSyntaxJudge(repoRoot);
const refusal = (path: string) => routePathRefusal(router, path);

describe('route paths React Router takes as written', () => {
  it.each([
    '/items/:id',
    '/items/:id/edit',
    '/docs/*',
    '/:lang?/about',
    '/fr?/about',
    '/multistep/:a?/:b?',
    '/docs/:slug.json',
    '/my-tool/',
    '/café',
    '/',
    // Dots inside a segment are text to resolvePath.
    '/a/.hidden',
    '/a/..b',
    '/v1.2/notes',
  ])('%s is accepted', (path) => {
    expect(refusal(path)).toBeUndefined();
  });

  it.each([
    // React Router's own dev warning, quoted.
    [
      '/files*',
      'React Router warns: Route path "/files*" will be treated as if it were "/files/*" because the `*` character must always follow a `/` in the pattern.',
    ],
    // The URL generatePath makes of the path does not reach it: "?" and "#" start a query and a hash.
    [
      '/x?y',
      'React Router cannot match "/x?y" as written: generatePath makes the URL /x?y of it, and matchRoutes does not send that URL to it',
    ],
    [
      '/a#b',
      'React Router cannot match "/a#b" as written: generatePath makes the URL /a#b of it, and matchRoutes does not send that URL to it',
    ],
    // One of two parameters of one name is lost.
    [
      '/:id/to/:id',
      'generatePath puts id=farm-id-1, id=farm-id-2 into /farm-id-1/to/farm-id-2, and matchRoutes reads id=farm-id-2 back',
    ],
    // Written as syntax, read as literal text.
    ['/items/:', 'React Router reads the segment ":" of "/items/:" literally, not as a parameter or splat'],
    ['/a/*/b', 'React Router reads the segment "*" of "/a/*/b" literally'],
    ['/files/*?', 'React Router reads the segment "*?" of "/files/*?" literally'],
    ['/v-:id', 'React Router reads the segment "v-:id" of "/v-:id" literally'],
    // Issue 12 F12: a parameter followed by a literal ":" in the same segment.
    [
      '/items/:id-:x',
      'React Router reads a ":" of "/items/:id-:x" literally, not as a parameter or splat: generatePath makes the URL /items/farm-id--1:x of it',
    ],
    ['/a/:b:c', 'React Router reads a ":" of "/a/:b:c" literally'],
    ['/a*b/c', 'React Router reads the segment "a*b" of "/a*b/c" literally'],
    // Dot segments: resolvePath (what <Link> and navigate apply) turns them into other URLs.
    ['/a/./b', 'React Router resolves the URL /a/./b of "/a/./b" to /a/b'],
    ['/a/../b', 'React Router resolves the URL /a/../b of "/a/../b" to /b'],
    ['/x/.', 'React Router resolves the URL /x/. of "/x/." to /x'],
    ['/notes/:id/..', 'React Router resolves the URL /notes/farm-id-1/.. of "/notes/:id/.." to /notes'],
  ])('%s is refused', (path, message) => {
    expect(refusal(path)).toContain(message);
  });

  it('leaves console.warn as it was, and prints nothing of its own', () => {
    const warn = jest.spyOn(console, 'warn');
    const before = console.warn;
    expect(refusal('/files*')).toBeDefined();
    expect(console.warn).toBe(before);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('locates each refusal at its route path in plugin.json, with FARM_E109', () => {
    const text = JSON.stringify(
      {
        name: '@t/routes',
        version: '1.0.0',
        description: 't',
        author: 't',
        license: 'MIT',
        farmVersion: '^1.0.0',
        frontend: {
          routes: [
            { path: '/fine/:id', component: 'A' },
            { path: '/items/:', component: 'B' },
          ],
        },
      },
      null,
      2,
    );
    const { loaded } = loadManifest(text, 'libs/plugins/routes/plugin.json');
    expect(routePathProblems(loaded!, repoRoot)).toMatchObject([
      {
        code: 'FARM_E109',
        plugin: '@t/routes',
        file: 'libs/plugins/routes/plugin.json',
        pointer: '/frontend/routes/1/path',
        line: text.split('\n').findIndex((l) => l.includes('"/items/:"')) + 1,
      },
    ]);
  });
});
