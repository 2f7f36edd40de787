import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadFarmState } from '../core/state';
import { pythonExecutable } from '../workspace-io/runtimes';
import { repoRoot } from '../testing/temp-workspace';
import { GateSession, askGateOnce } from './gate-session';
import { judgePluginsAtRuntime, undeclaredImportProblems } from './validate-backend';
import { diskWorkspace } from '../workspace-io';
import { analyzePluginsOnDisk } from '../../executors/validate/lib/analyze-plugin-on-disk';

// Issue 12 for `validate`: each plugin is imported by the real backend with what it depends on;
// one whose code changes a dependency's router is FARM_E144 at its line (in one gate process for
// the batch too), and an import of a plugin it does not declare — inside a function, which no
// import runs — FARM_E145 from the analysis' imports.

const backend = { root: 'apps/backend', outDir: 'apps/backend/src/plugins' };

/** A workspace with the repo's backend host (linked) and these plugins (`@t/<folder>`), installed and active. */
function workspace(plugins: Record<string, { manifest: object; files: Record<string, string> }>): string {
  const ws = mkdtempSync(join(tmpdir(), 'farm-validate-effects-'));
  mkdirSync(join(ws, 'apps'), { recursive: true });
  symlinkSync(join(repoRoot, 'apps/backend'), join(ws, 'apps/backend'), 'dir');
  const installed: Record<string, object> = {};
  for (const [folder, { manifest, files }] of Object.entries(plugins)) {
    const full = { name: `@t/${folder}`, version: '1.0.0', description: 't', author: 't', license: 'MIT' };
    const all = { ...files, 'plugin.json': JSON.stringify({ ...full, farmVersion: '^1.0.0', ...manifest }) };
    for (const [path, text] of Object.entries(all)) {
      mkdirSync(dirname(join(ws, 'libs/plugins', folder, path)), { recursive: true });
      writeFileSync(join(ws, 'libs/plugins', folder, path), text);
    }
    installed[`@t/${folder}`] = {
      source: { type: 'workspace', spec: `libs/plugins/${folder}` },
      version: '1.0.0',
      active: true,
      config: {},
    };
  }
  writeFileSync(
    join(ws, 'workspace.json'),
    JSON.stringify({ farmVersion: '1.0.0', environment: 'development', plugins: installed }),
  );
  return ws;
}

const routerAt = (prefix: string) => ({
  backend: { routers: { api: { path: './api.py', export: 'router', prefix } } },
});
const dependsOnBase = { dependencies: [{ name: '@t/base', version: '^1.0.0' }] };
const base = {
  manifest: routerAt('/base'),
  files: {
    'api.py':
      'from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n@router.get("/items", responses={404: {"description": "none"}})\ndef items() -> list:\n    return []\n',
  },
};

/**
 * Each plugin's problems (by root) as validate's runtime gate finds them in `root`: one gate
 * process a request (`once`) or one for the whole batch (`session`).
 */
async function judged(root: string, mode: 'once' | 'session') {
  const state = loadFarmState(diskWorkspace(root));
  const options = { python: pythonExecutable, src: join(root, 'apps/backend/src'), workspaceRoot: root };
  const session = new GateSession(options);
  try {
    const ask =
      mode === 'session'
        ? (r: Parameters<typeof session.ask>[0], t: number) => session.ask(r, t)
        : (r: Parameters<typeof session.ask>[0], t: number) => askGateOnce(options, r, t);
    return await judgePluginsAtRuntime(state, state.manifests, backend, root, ask);
  } finally {
    session.close();
  }
}

describe('validate: what a plugin does to the plugins it depends on', () => {
  jest.setTimeout(120_000);
  const made: string[] = [];
  afterAll(() => made.forEach((ws) => rmSync(ws, { recursive: true, force: true })));

  it.each(['once', 'session'] as const)(
    "refuses a plugin emptying its dependency's router, at its line; not the dependency (%s)",
    async (mode) => {
      const root = workspace({
        base,
        evil: {
          manifest: { ...dependsOnBase, ...routerAt('/evil') },
          files: {
            'api.py':
              'from fastapi import APIRouter\nfrom farm_plugins.base.api import router as theirs\n\ntheirs.routes.clear()\nrouter = APIRouter()\n',
          },
        },
      });
      made.push(root);
      const found = await judged(root, mode);
      expect(found.get('libs/plugins/base')).toEqual([]);
      expect(found.get('libs/plugins/evil')).toEqual([
        expect.objectContaining({
          code: 'FARM_E144',
          plugin: '@t/evil',
          file: 'libs/plugins/evil/api.py',
          line: 4,
          message: expect.stringContaining('changes the routes of @t/base while the backend imports it'),
        }),
      ]);
      expect(found.get('libs/plugins/evil')![0]!.message).toContain('it no longer answers GET /base/items');
    },
  );

  it.each(['once', 'session'] as const)(
    "refuses plugins whose startup code changes their dependency's route or overrides its dependency, at the changing line or (the app's overrides) the startup function; not the dependency (%s)",
    async (mode) => {
      const startup = (lines: string, args: string) => ({
        manifest: { ...dependsOnBase, ...routerAt('/evil') },
        files: {
          'api.py': `from fastapi import APIRouter\nimport farm_plugins.base.api as theirs\n\n\n${lines}\nrouter = APIRouter(${args})\n`,
        },
      });
      const root = workspace({
        base,
        rewire: startup(
          'def mine() -> list:\n    return ["mine"]\n\n\ndef rewire() -> None:\n    theirs.router.routes[0].endpoint = mine\n',
          'on_startup=[rewire]',
        ),
        override: startup(
          'async def lifespan(app):\n    app.dependency_overrides[theirs.items] = list\n    yield\n',
          'lifespan=lifespan',
        ),
      });
      made.push(root);
      const found = await judged(root, mode);
      expect(found.get('libs/plugins/base')).toEqual([]);
      expect(found.get('libs/plugins/rewire')).toEqual([
        expect.objectContaining({
          code: 'FARM_E144',
          file: 'libs/plugins/rewire/api.py',
          line: 10,
          message: expect.stringContaining(
            'changes the routes of @t/base when the backend starts — router farm_plugins.base.api.router: GET /base/items was changed (endpoint)',
          ),
        }),
      ]);
      expect(found.get('libs/plugins/override')).toEqual([
        expect.objectContaining({
          code: 'FARM_E144',
          file: 'libs/plugins/override/api.py',
          line: 5,
          related: ['@t/base'],
          message: expect.stringContaining(
            'overrides farm_plugins.base.api.items (of @t/base) in app.dependency_overrides',
          ),
        }),
      ]);
    },
  );

  it("refuses a plugin replacing the endpoint or dependant.call of its dependency's route, appending a dependency to it or changing a value inside one of its dicts, naming the module that did it; not the dependency", async () => {
    const rewire = (line: string) => ({
      manifest: { ...dependsOnBase, ...routerAt('/evil') },
      files: {
        'api.py': `from fastapi import APIRouter, Depends\nimport farm_plugins.base.api as theirs\n\n\ndef mine() -> list:\n    return ["mine"]\n\n\n${line}\nrouter = APIRouter()\n`,
      },
    });
    const root = workspace({
      base,
      endpoint: rewire('theirs.router.routes[0].endpoint = mine'),
      call: rewire('theirs.router.routes[0].dependant.call = mine'),
      depends: rewire('theirs.router.routes[0].dependencies.append(Depends(mine))'),
      // A value inside a dict of the route, changed in place.
      nested: rewire('theirs.router.routes[0].responses[404]["description"] = "gone"'),
    });
    made.push(root);
    const found = await judged(root, 'once');
    expect(found.get('libs/plugins/base')).toEqual([]);
    for (const [folder, attrs] of [
      ['endpoint', 'endpoint'],
      ['call', 'dependant.call'],
      ['depends', 'dependencies'],
      ['nested', 'responses'],
    ] as const)
      expect(found.get(`libs/plugins/${folder}`)).toEqual([
        expect.objectContaining({
          code: 'FARM_E144',
          plugin: `@t/${folder}`,
          file: `libs/plugins/${folder}/api.py`,
          related: ['@t/base'],
          message: expect.stringContaining(
            `changes the routes of @t/base while the backend imports it — router farm_plugins.base.api.router: GET /base/items was changed (${attrs})`,
          ),
        }),
      ]);
  });

  it('refuses an import of an undeclared plugin inside a function (FARM_E145); a declared one is fine', async () => {
    const later = (module: string) =>
      `from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\ndef later():\n    from ${module} import router\n    return router\n`;
    const root = workspace({
      base,
      friend: {
        manifest: { ...dependsOnBase, ...routerAt('/friend') },
        files: { 'api.py': later('farm_plugins.base.api') },
      },
      sneak: { manifest: routerAt('/sneak'), files: { 'api.py': later('farm_plugins.base.api') } },
    });
    made.push(root);
    const state = loadFarmState(diskWorkspace(root));
    const analyses = analyzePluginsOnDisk(root, state.manifests);
    const options = { python: pythonExecutable, src: join(root, 'apps/backend/src'), workspaceRoot: root };
    const found = await undeclaredImportProblems(
      state.manifests.map((loaded, i) => ({ loaded, imports: analyses[i]!.pythonImports })),
      new Map(),
      (r, t) => askGateOnce(options, r, t),
    );
    expect(found.get('libs/plugins/friend')).toEqual([]);
    expect(found.get('libs/plugins/sneak')).toEqual([
      expect.objectContaining({ code: 'FARM_E145', file: 'libs/plugins/sneak/api.py', line: 7 }),
    ]);
  });
});
