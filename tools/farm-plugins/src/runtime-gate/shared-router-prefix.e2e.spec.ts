import { folderPlugin, removeFolderPlugins } from '../testing/folder-plugin';
import { snapshotWorkspace } from '../testing/kill-snapshot';
import { backendGet } from '../testing/backend-get';
import { createTempWorkspace, type TempWorkspace } from '../testing/temp-workspace';

// Issue 12: FastAPI lets many routers share a prefix; what must have one owner is a URL. Two
// plugins whose routers are both included under /api with routes of their own install and both
// answer; a third that answers a URL one of them answers is refused by the runtime gate, which
// judges the real routes (FARM_E104, naming both), and nothing is written.

/** A plugin with one router under `/api` answering GET `/api/<path>` with `{ "by": <name> }`. */
function apiPlugin(name: string, path: string): string {
  return folderPlugin(
    name,
    { backend: { routers: { api_router: { path: './routers/api.py', prefix: '/api', tags: ['t'] } } } },
    {
      'routers/api.py': [
        'from fastapi import APIRouter',
        '',
        'api_router = APIRouter()',
        '',
        '',
        `@api_router.get(${JSON.stringify(path)})`,
        'def read() -> dict:',
        `    return {"by": ${JSON.stringify(name)}}`,
        '',
      ].join('\n'),
    },
  );
}

describe('routers of several plugins under one prefix', () => {
  jest.setTimeout(300_000);
  let ws: TempWorkspace;
  beforeAll(() => {
    ws = createTempWorkspace({ withApps: true });
  });
  afterAll(() => {
    ws?.dispose();
    removeFolderPlugins();
  });

  it('install when their URLs differ, and each answers its own', () => {
    for (const [name, path] of [
      ['@t/alpha', '/alpha'],
      ['@t/beta', '/beta'],
    ] as const) {
      const added = ws.nx(['g', '@farm/plugins:add', apiPlugin(name, path), '--no-interactive']);
      expect({ status: added.status, output: added.output }).toEqual({
        status: 0,
        output: expect.stringContaining(`added ${name}@1.0.0`),
      });
    }
    expect(backendGet(ws, ['/api/alpha', '/api/beta', '/api/gamma'])).toEqual([
      { status: 200, body: { by: '@t/alpha' } },
      { status: 200, body: { by: '@t/beta' } },
      { status: 404, body: { detail: 'Not Found' } },
    ]);
  });

  it('refuse one answering a URL another plugin answers there, naming both, writing nothing', () => {
    const before = snapshotWorkspace(ws.root);
    const added = ws.nx(['g', '@farm/plugins:add', apiPlugin('@t/copycat', '/alpha'), '--no-interactive']);
    expect(added.status).toBe(1);
    expect(added.output).toMatch(
      /FARM_E104 plugin "@t\/copycat" \(libs\/plugins\/copycat\/plugin\.json \/backend\/routers\)/,
    );
    expect(added.output).toContain('GET /api/alpha is answered by @t/copycat and by @t/alpha');
    expect(added.output).not.toContain('FARM_E050');
    expect(snapshotWorkspace(ws.root)).toEqual(before);
    expect(backendGet(ws, ['/api/alpha'])).toEqual([{ status: 200, body: { by: '@t/alpha' } }]);
  });
});
