import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
// Single modules rather than the barrels: those pull in JSON schemas this tsconfig does not load.
import { pluginIntegrity } from '../tools/farm-plugins/generators/lib/integrity';
import { diskFiles } from '../tools/farm-plugins/generators/lib/tree-files';
import { packageInfo } from '../tools/farm-plugins/src/registry/package-info';
import { createTempWorkspace, type TempWorkspace } from '../tools/farm-plugins/src/testing/temp-workspace';
import { startVerdaccio, type Verdaccio } from './support/verdaccio';

// The registry round trip, all real: a Verdaccio on 127.0.0.1, `nx run x:publish` (typegen →
// build → npm publish) of two versions of @farm/plugin-x from an author's workspace, then in a
// user's workspace the `farm` CLI: search, install @1.0.0, update (→ 1.1.0 within ^1.0.0),
// uninstall. Reading @farm/* needs the token, so every step also proves the auth header is sent.

let verdaccio: Verdaccio | undefined;
let author: TempWorkspace | undefined;
let user: TempWorkspace | undefined;
let token = '';

const xRoot = 'libs/plugins/x';
const tarball = (version: string) => `${verdaccio!.url}@farm/plugin-x/-/plugin-x-${version}.tgz`;

/** The workspace's npm config: the @farm scope (and, so nothing leaves the machine, the default registry) on Verdaccio. */
function npmrc(ws: TempWorkspace, withToken = true): void {
  const host = verdaccio!.url.replace(/^http:/, '');
  ws.write('.npmrc', [`@farm:registry=${verdaccio!.url}`, `registry=${verdaccio!.url}`, ...(withToken ? [`${host}:_authToken=${token}`] : []), ''].join('\n'));
}

function put(ws: TempWorkspace, path: string, contents: string): void {
  mkdirSync(dirname(join(ws.root, path)), { recursive: true });
  writeFileSync(join(ws.root, path), contents);
}

/** @farm/plugin-x at `version`: a FastAPI router, a React component, an onInstall hook. */
function writePluginX(ws: TempWorkspace, version: string): void {
  put(ws, `${xRoot}/plugin.json`, JSON.stringify({
    name: '@farm/plugin-x',
    version,
    description: 'Registry round-trip fixture',
    author: 'FARM e2e',
    license: 'MIT',
    farmVersion: '^1.0.0',
    frontend: { components: { XBadge: { path: './components/XBadge.tsx' } } },
    backend: { routers: { x_router: { path: './routers/x.py', prefix: '/x', tags: ['x'] } } },
  }, null, 2));
  put(ws, `${xRoot}/package.json`, JSON.stringify({ name: '@farm/plugin-x', version, main: 'src/index.ts' }, null, 2));
  put(ws, `${xRoot}/routers/x.py`, `from fastapi import APIRouter\n\nx_router = APIRouter()\n\n\n@x_router.get("/version")\ndef version() -> dict:\n    return {"version": "${version}"}\n`);
  put(ws, `${xRoot}/components/XBadge.tsx`, `export default function XBadge() {\n  return <span className="x-badge">x ${version}</span>;\n}\n`);
  put(ws, `${xRoot}/src/index.ts`, `export function onInstall(context: { logger: { info(m: string): void } }): void {\n  context.logger.info('plugin-x ${version} onInstall hook ran');\n}\n`);
  put(ws, `${xRoot}/tests/test_x.py`, 'def test_x():\n    assert True\n');
}

/** Runs the workspace's `farm` CLI through npx, as a user would. Never throws. */
function farm(ws: TempWorkspace, args: string[]): { status: number; output: string } {
  const result = spawnSync('npx', ['--no', 'farm', 'plugin', ...args], {
    cwd: ws.root,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NX_ISOLATE_PLUGINS: 'false', FORCE_COLOR: '0' },
    timeout: 120_000,
  });
  return { status: result.status ?? 1, output: `${result.stdout}\n${result.stderr}${result.error ? `\n${result.error.message}` : ''}` };
}

function expectOk(result: { status: number; output: string }): string {
  if (result.status !== 0) throw new Error(`exit ${result.status}:\n${result.output}`);
  return result.output;
}

beforeAll(async () => {
  verdaccio = await startVerdaccio();
  token = await verdaccio.addUser('farm-e2e', 'e2e-password-not-secret');

  author = createTempWorkspace();
  npmrc(author);
  for (const version of ['1.0.0', '1.1.0']) {
    writePluginX(author, version);
    expectOk(author.nx(['run', 'x:publish']));
  }
  user = createTempWorkspace();
  npmrc(user);
}, 180_000);

afterAll(async () => {
  author?.dispose();
  user?.dispose();
  await verdaccio?.dispose();
}, 30_000);

describe('registry round trip through Verdaccio', () => {
  it('published both versions, built: compiled JS, no tests, farm-plugin keyword', async () => {
    const info = await packageInfo('@farm/plugin-x', { cwd: author!.root });
    expect(info).toMatchObject({ registry: verdaccio!.url, versions: ['1.0.0', '1.1.0'], 'dist-tags': { latest: '1.1.0' }, description: 'Registry round-trip fixture' });
    expect(info.latest).toMatchObject({ main: 'src/index.js', types: 'src/index.d.ts', type: 'module', keywords: ['farm-plugin'], files: ['components', 'generated', 'plugin.json', 'routers', 'src'] });
    expect(info.latest!.dist.integrity).toMatch(/^sha512-/);
  });

  it('search finds the plugin; without a token the registry refuses and the CLI says where the token goes', () => {
    expect(expectOk(farm(user!, ['search', 'plugin-x']))).toMatch(/^@farm\/plugin-x@1\.1\.0 {2}Registry round-trip fixture$/m);

    const anonymous = createTempWorkspace();
    try {
      npmrc(anonymous, false);
      const refused = farm(anonymous, ['install', '@farm/plugin-x@1.0.0']);
      expect(refused.status).not.toBe(0);
      expect(refused.output).toMatch(/HTTP 401, no token configured[\s\S]*:_authToken=<token>/);
      expect(anonymous.json('workspace.json').plugins['@farm/plugin-x']).toBeUndefined();
    } finally {
      anonymous.dispose();
    }
  });

  it('install @1.0.0: files, workspace.json, hook, and the wiring of both apps', () => {
    const output = expectOk(farm(user!, ['install', '@farm/plugin-x@1.0.0']));
    expect(output).toContain('plugin-x 1.0.0 onInstall hook ran');

    const entry = user!.json('workspace.json').plugins['@farm/plugin-x'];
    expect(entry).toEqual({
      source: { type: 'npm', spec: '@farm/plugin-x@^1.0.0', registry: verdaccio!.url, resolved: tarball('1.0.0') },
      version: '1.0.0',
      integrity: pluginIntegrity(diskFiles(join(user!.root, xRoot))),
      active: true,
      config: {},
    });
    expect(user!.read(`${xRoot}/routers/x.py`)).toContain('"version": "1.0.0"');
    expect(user!.json(`${xRoot}/plugin.json`).frontend.components.XBadge.path).toBe('./components/XBadge.js');
    expect(existsSync(join(user!.root, xRoot, 'components/XBadge.d.ts'))).toBe(true);
    expect(existsSync(join(user!.root, xRoot, 'tests'))).toBe(false);

    const integration = user!.read('apps/backend/src/plugins/integration.py');
    expect(integration).toContain('from farm_plugins.x.routers.x import x_router as x_router_x_router');
    expect(integration).toContain('app.include_router(x_router_x_router, prefix="/x", tags=["x"])');
    expect(user!.read('apps/frontend/src/plugins/components/index.ts')).toContain('import x_component_XBadge from "../../../../../libs/plugins/x/components/XBadge.js";');
  });

  it('update: prints the plan, moves to 1.1.0 within ^1.0.0, records the new tarball and integrity', () => {
    const before = user!.json('workspace.json').plugins['@farm/plugin-x'];
    const output = expectOk(farm(user!, ['update']));
    expect(output).toContain('@farm/plugin-x: 1.0.0 → 1.1.0 (within ^1.0.0)');

    const entry = user!.json('workspace.json').plugins['@farm/plugin-x'];
    expect(entry).toEqual({
      ...before,
      source: { ...before.source, resolved: tarball('1.1.0') },
      version: '1.1.0',
      integrity: pluginIntegrity(diskFiles(join(user!.root, xRoot))),
    });
    expect(entry.integrity).not.toBe(before.integrity);
    expect(user!.read(`${xRoot}/routers/x.py`)).toContain('"version": "1.1.0"');
    expect(user!.read('apps/backend/src/plugins/integration.py')).toContain('app.include_router(x_router_x_router, prefix="/x", tags=["x"])');
    expect(expectOk(farm(user!, ['update']))).toContain('@farm/plugin-x: 1.1.0 is up to date (within ^1.0.0)');
  });

  it('uninstall: folder, workspace.json entry and wiring are gone', () => {
    expectOk(farm(user!, ['uninstall', 'x']));
    expect(existsSync(join(user!.root, xRoot))).toBe(false);
    expect(user!.json('workspace.json').plugins['@farm/plugin-x']).toBeUndefined();
    expect(user!.read('apps/backend/src/plugins/integration.py')).not.toContain('farm_plugins.x');
    expect(user!.read('apps/frontend/src/plugins/components/index.ts')).not.toContain('XBadge');
  });
});
