import type { IntegrationPlan } from '../core/plan';
import { repoRoot } from '../testing/temp-workspace';
import { frontendRouteOwnershipProblems } from './frontend-route-ownership';

const plan = (...routes: [plugin: string, path: string][]) =>
  ({
    frontend: {
      routes: routes.map(([plugin, path], i) => ({
        plugin,
        path,
        component: `C${i}`,
        source: 'x.tsx',
        file: `libs/plugins/${plugin}/plugin.json`,
        pointer: `/frontend/routes/${i}`,
      })),
    },
  }) as unknown as IntegrationPlan;
const clashes = (...routes: [string, string][]) =>
  frontendRouteOwnershipProblems(plan(...routes), repoRoot).map((p) => `${p.plugin}: ${p.message}`);

// React Router's own matchRoutes (the app's react-router 7) decides which route a URL reaches.
describe('frontend URL ownership', () => {
  it.each([
    ['parameter names do not matter', ['a', '/items/:id'], ['b', '/items/:name']],
    ['a trailing slash is the same URL', ['a', '/my-tool'], ['b', '/my-tool/']],
    ['matching is case-insensitive', ['a', '/My-Tool'], ['b', '/my-tool']],
  ] as [string, [string, string], [string, string]][])('%s: both plugins are named', (_why, first, second) => {
    const found = clashes(first, second);
    expect(found.length).toBeGreaterThan(0);
    expect(found.join('\n')).toMatch(/is never reached/);
    expect(found.some((line) => line.startsWith('b:') || line.startsWith('a:'))).toBe(true);
    expect(found.join('\n')).toContain('(a)');
    expect(found.join('\n')).toContain('(b)');
  });

  it('says which URL an optional segment loses when the route still answers others', () => {
    expect(clashes(['a', '/todos'], ['b', '/todos/:id?'])).toEqual([
      'b: route /todos/:id? (b) does not get /todos: React Router sends /todos to /todos (a)',
      'a: route /todos/:id? (b) does not get /todos: React Router sends /todos to /todos (a)',
    ]);
  });

  it("refuses a plugin taking the host's /app or its not-found splat", () => {
    expect(clashes(['a', '/app']).join('\n')).toMatch(/the host/);
    expect(clashes(['a', '*']).join('\n')).toMatch(/the host/);
  });

  it('accepts routes React Router tells apart by rank', () => {
    expect(clashes(['a', '/items/:id'], ['b', '/items/new'], ['c', '/items/:id/edit'], ['d', '/docs/*'])).toEqual([]);
  });

  it('lets one plugin own overlapping routes of its own', () => {
    expect(clashes(['a', '/x/:id'], ['a', '/x/:name'])).toEqual([]);
  });
});
