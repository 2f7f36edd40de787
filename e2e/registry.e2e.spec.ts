import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
// Single modules rather than the barrels: those pull in JSON schemas this tsconfig does not load.
import { pluginIntegrity } from '../tools/farm-plugins/generators/lib/integrity';
import { diskFiles } from '../tools/farm-plugins/generators/lib/tree-files';
import { startVerdaccio, type Verdaccio } from './support/verdaccio';
import { copyWorkspace, nxBin, type WorkspaceCopy } from './support/workspace-copy';

// The registry round trip, all real and the way a user runs it: a Verdaccio on 127.0.0.1; an
// author's copy of this repository (tools/ included) publishes @farm/plugin-x 1.0.0 and 1.1.0
// (latest) and 1.2.0 under the `next` dist-tag with `nx run x:publish`; in a user's copy, the
// `farm` CLI searches, installs @1.0.0, updates within ^1.0.0 (→ 1.1.0, not next's 1.2.0) and
// uninstalls, then `nx g @farm/plugins:add @farm/plugin-x@^1` installs by name (→ 1.1.0, as npm
// picks). Nx runs with its defaults — plugin isolation on — and CI's NX_DAEMON/NX_NO_CLOUD/NX_TUI
// only. Reading @farm/* needs the token, so every step also proves the auth header is sent.

let verdaccio: Verdaccio | undefined;
let author: WorkspaceCopy | undefined;
let user: WorkspaceCopy | undefined;
let token = '';

const xRoot = 'libs/plugins/x';
const tarball = (version: string) => `${verdaccio!.url}@farm/plugin-x/-/plugin-x-${version}.tgz`;
const json = (ws: WorkspaceCopy, file: string) => JSON.parse(ws.read(file));

/** As a user's shell has it: CI's Nx settings (scripts/test.sh exports them for every step), nothing about plugin isolation. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    FORCE_COLOR: '0',
  };
  delete env.NX_ISOLATE_PLUGINS;
  return env;
}

/** The workspace's npm config: the @farm scope (and, so nothing leaves the machine, the default registry) on Verdaccio. */
function npmrc(ws: WorkspaceCopy, withToken = true): void {
  const host = verdaccio!.url.replace(/^http:/, '');
  ws.write(
    '.npmrc',
    [
      `@farm:registry=${verdaccio!.url}`,
      `registry=${verdaccio!.url}`,
      ...(withToken ? [`${host}:_authToken=${token}`] : []),
      '',
    ].join('\n'),
  );
}

function put(ws: WorkspaceCopy, path: string, contents: string): void {
  mkdirSync(dirname(ws.path(path)), { recursive: true });
  writeFileSync(ws.path(path), contents);
}

/** @farm/plugin-x at `version`: a FastAPI router, a React component, an onInstall hook. */
function writePluginX(ws: WorkspaceCopy, version: string): void {
  put(
    ws,
    `${xRoot}/plugin.json`,
    JSON.stringify(
      {
        name: '@farm/plugin-x',
        version,
        description: 'Registry round-trip fixture',
        author: 'FARM e2e',
        license: 'MIT',
        farmVersion: '^1.0.0',
        frontend: { components: { XBadge: { path: './components/XBadge.tsx' } } },
        backend: { routers: { x_router: { path: './routers/x.py', prefix: '/x', tags: ['x'] } } },
      },
      null,
      2,
    ),
  );
  put(ws, `${xRoot}/package.json`, JSON.stringify({ name: '@farm/plugin-x', version, main: 'src/index.ts' }, null, 2));
  put(
    ws,
    `${xRoot}/routers/x.py`,
    `from fastapi import APIRouter\n\nx_router = APIRouter()\n\n\n@x_router.get("/version")\ndef version() -> dict:\n    return {"version": "${version}"}\n`,
  );
  put(
    ws,
    `${xRoot}/components/XBadge.tsx`,
    `export default function XBadge() {\n  return <span className="x-badge">x ${version}</span>;\n}\n`,
  );
  put(
    ws,
    `${xRoot}/src/index.ts`,
    `export function onInstall(context: { logger: { info(m: string): void } }): void {\n  context.logger.info('plugin-x ${version} onInstall hook ran');\n}\n`,
  );
  put(ws, `${xRoot}/tests/test_x.py`, 'def test_x():\n    assert True\n');
}

/** Runs the workspace's `farm` CLI through npx, as a user would. Never throws. */
function farm(ws: WorkspaceCopy, args: string[]) {
  return ws.run('npx', ['--no', 'farm', 'plugin', ...args], userEnv(), 240_000);
}

/** Runs nx in the copy with Nx's defaults. Never throws. */
function nx(ws: WorkspaceCopy, args: string[]) {
  return ws.run(process.execPath, [nxBin, ...args], userEnv(), 240_000);
}

/** The real npm, in the copy (its .npmrc). */
async function npmJson(ws: WorkspaceCopy, args: string[]) {
  return JSON.parse(expectOk(await ws.run('npm', [...args, '--json'], userEnv(), 60_000)));
}

function expectOk(result: { status: number; output: string }): string {
  if (result.status !== 0) throw new Error(`exit ${result.status}:\n${result.output}`);
  return result.output;
}

beforeAll(async () => {
  verdaccio = await startVerdaccio();
  token = await verdaccio.addUser('farm-e2e', 'e2e-password-not-secret');

  author = copyWorkspace('farm-registry-author-');
  npmrc(author);
  for (const [version, tag] of [['1.0.0'], ['1.1.0'], ['1.2.0', 'next']] as [string, string?][]) {
    writePluginX(author, version);
    expectOk(await nx(author, ['run', 'x:publish', ...(tag ? [`--tag=${tag}`] : [])]));
  }
  user = copyWorkspace('farm-registry-user-');
}, 600_000);

afterAll(async () => {
  author?.dispose();
  user?.dispose();
  await verdaccio?.dispose();
}, 30_000);

describe('registry round trip through Verdaccio, in a copy of this repository under Nx defaults', () => {
  it('published three versions (next = 1.2.0), built: compiled JS, no tests, farm-plugin keyword', async () => {
    const info = await npmJson(author!, ['view', '@farm/plugin-x']);
    expect(info).toMatchObject({
      versions: ['1.0.0', '1.1.0', '1.2.0'],
      'dist-tags': { latest: '1.1.0', next: '1.2.0' },
      description: 'Registry round-trip fixture',
    });
    expect(info).toMatchObject({
      version: '1.1.0',
      main: 'src/index.js',
      types: 'src/index.d.ts',
      type: 'module',
      keywords: ['farm-plugin'],
    });
    expect(info.dist.integrity).toMatch(/^sha512-/);
  });

  it('without a token the registry refuses and the CLI says where the token goes; nothing changes', async () => {
    npmrc(user!, false);
    const before = user!.read('workspace.json');
    const refused = await farm(user!, ['install', '@farm/plugin-x@1.0.0']);
    expect(refused.status).not.toBe(0);
    expect(refused.output).toMatch(/FARM_E091[\s\S]*HTTP 401, no token configured[\s\S]*:_authToken=<token>/);
    expect(user!.read('workspace.json')).toBe(before);
    npmrc(user!);
  });

  it('search finds the plugin', async () => {
    expect(expectOk(await farm(user!, ['search', 'plugin-x']))).toMatch(
      /^@farm\/plugin-x@1\.1\.0 {2}Registry round-trip fixture$/m,
    );
  });

  it('farm plugin install @1.0.0: files, workspace.json, hook, and the wiring of both apps', async () => {
    const output = expectOk(await farm(user!, ['install', '@farm/plugin-x@1.0.0']));
    expect(output).not.toContain('Cannot find module');
    expect(output).toContain('plugin-x 1.0.0 onInstall hook ran');

    const entry = json(user!, 'workspace.json').plugins['@farm/plugin-x'];
    expect(entry).toEqual({
      source: { type: 'npm', spec: '@farm/plugin-x@^1.0.0', registry: verdaccio!.url, resolved: tarball('1.0.0') },
      version: '1.0.0',
      integrity: pluginIntegrity(diskFiles(user!.path(xRoot))),
      active: true,
      config: {},
    });
    expect(user!.read(`${xRoot}/routers/x.py`)).toContain('"version": "1.0.0"');
    expect(json(user!, `${xRoot}/plugin.json`).frontend.components.XBadge.path).toBe('./components/XBadge.js');
    expect(existsSync(user!.path(`${xRoot}/components/XBadge.d.ts`))).toBe(true);
    expect(existsSync(user!.path(`${xRoot}/tests`))).toBe(false);

    const integration = user!.read('apps/backend/src/plugins/integration.py');
    expect(integration).toContain('from farm_plugins.x.routers.x import x_router as x_router_x_router');
    expect(integration).toContain('app.include_router(x_router_x_router, prefix="/x", tags=["x"])');
    expect(user!.read('apps/frontend/src/plugins/components/index.ts')).toContain(
      'import x_component_XBadge from "../../../../../libs/plugins/x/components/XBadge.js";',
    );
  });

  it('update: prints the plan, moves to 1.1.0 within ^1.0.0 (latest, not next), records the new tarball and integrity', async () => {
    const before = json(user!, 'workspace.json').plugins['@farm/plugin-x'];
    const output = expectOk(await farm(user!, ['update']));
    expect(output).toContain('@farm/plugin-x: 1.0.0 → 1.1.0 (within ^1.0.0)');

    const entry = json(user!, 'workspace.json').plugins['@farm/plugin-x'];
    expect(entry).toEqual({
      ...before,
      source: { ...before.source, resolved: tarball('1.1.0') },
      version: '1.1.0',
      integrity: pluginIntegrity(diskFiles(user!.path(xRoot))),
    });
    expect(user!.read(`${xRoot}/routers/x.py`)).toContain('"version": "1.1.0"');
    expect(expectOk(await farm(user!, ['update']))).toContain('@farm/plugin-x: 1.1.0 is up to date (within ^1.0.0)');
  });

  it('uninstall: folder, workspace.json entry and wiring are gone', async () => {
    expectOk(await farm(user!, ['uninstall', 'x']));
    expect(existsSync(user!.path(xRoot))).toBe(false);
    expect(json(user!, 'workspace.json').plugins['@farm/plugin-x']).toBeUndefined();
    expect(user!.read('apps/backend/src/plugins/integration.py')).not.toContain('farm_plugins.x');
    expect(user!.read('apps/frontend/src/plugins/components/index.ts')).not.toContain('XBadge');
  });

  it('nx g @farm/plugins:add @farm/plugin-x@^1 by name installs what npm picks (1.1.0: latest satisfies ^1) and saves what npm saves', async () => {
    const output = expectOk(await nx(user!, ['g', '@farm/plugins:add', '@farm/plugin-x@^1', '--no-interactive']));
    expect(output).not.toContain('Cannot find module');
    const entry = json(user!, 'workspace.json').plugins['@farm/plugin-x'];
    expect(entry).toMatchObject({
      version: '1.1.0',
      source: { type: 'npm', spec: '@farm/plugin-x@^1.1.0', registry: verdaccio!.url, resolved: tarball('1.1.0') },
    });
    expect(user!.read(`${xRoot}/routers/x.py`)).toContain('"version": "1.1.0"');
  });
});
