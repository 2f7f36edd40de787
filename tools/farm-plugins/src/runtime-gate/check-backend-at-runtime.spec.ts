import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import addGenerator from '../../generators/add/add';
import { pythonExecutable } from '../workspace-io/runtimes';
import { createFarmTree } from '../testing/farm-tree';
import { folderPlugin, removeFolderPlugins } from '../testing/folder-plugin';

/** A folder plugin with one router module; the manifest key is the module attribute. */
function routerPlugin(name: string, router: { prefix: string; source: string }, extra: object = {}): string {
  return folderPlugin(
    name,
    {
      backend: { routers: { api_router: { path: './routers/api.py', prefix: router.prefix, tags: ['t'] } } },
      ...extra,
    },
    { 'routers/api.py': router.source },
  );
}
const refusal = (run: Promise<unknown>) =>
  run.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: Error) => error.message,
  );

// The real FastAPI of .venv imports each candidate app: these are its verdicts, not our rules.
describe('runtime gate of generators', () => {
  jest.setTimeout(120_000);
  afterAll(removeFolderPlugins);

  it("accepts a plugin reading its own files through its loader at import (the gate's loader hands on what it does not do)", async () => {
    const source = [
      'import inspect',
      'from importlib.resources import files',
      '',
      'from fastapi import APIRouter',
      '',
      'GREETING = files(__package__).joinpath("greeting.txt").read_text()',
      'SOURCE = __loader__.get_source(__name__)',
      'assert __spec__.loader.is_package(__name__) is False',
      '',
      'api_router = APIRouter()',
      '',
      '',
      '@api_router.get("")',
      'async def greet() -> dict:',
      '    return {"greeting": GREETING, "lines": len(inspect.getsource(greet).splitlines())}',
      '',
    ].join('\n');
    const dir = routerPlugin('@t/reader', { prefix: '/reader', source });
    writeFileSync(join(dir, 'routers/greeting.txt'), 'hello\n');
    const tree = createFarmTree();
    await addGenerator(tree, { spec: dir });
    expect(tree.exists('libs/plugins/reader/routers/greeting.txt')).toBe(true);
  });

  it('refuses a router FastAPI refuses at import (empty prefix and path), at its manifest entry', async () => {
    const source =
      'from fastapi import APIRouter\n\napi_router = APIRouter()\n\n\n@api_router.get("")\nasync def root() -> dict:\n    return {}\n';
    const message = await refusal(
      addGenerator(createFarmTree(), { spec: routerPlugin('@t/empty', { prefix: '', source }) }),
    );
    expect(message).toMatch(
      /FARM_E103 plugin "@t\/empty" \(libs\/plugins\/empty\/plugin\.json \/backend\/routers\/api_router\)/,
    );
    expect(message).toContain('Prefix and path cannot be both empty');
  });

  it('refuses a module importing a package that is neither installed nor declared, at its file and line', async () => {
    const source = 'from fastapi import APIRouter\nimport farm_not_installed_pkg\n\napi_router = APIRouter()\n';
    const message = await refusal(
      addGenerator(createFarmTree(), { spec: routerPlugin('@t/missing', { prefix: '/missing', source }) }),
    );
    expect(message).toMatch(/FARM_E103 plugin "@t\/missing" \(libs\/plugins\/missing\/routers\/api\.py:2\)/);
    expect(message).toContain("ModuleNotFoundError: No module named 'farm_not_installed_pkg'");
  });

  it('refuses a plugin that exits while being imported', async () => {
    // It defines its router, so the static analysis (run by add first) passes; only importing it fails.
    const source = 'import sys\n\nfrom fastapi import APIRouter\n\napi_router = APIRouter()\nsys.exit(0)\n';
    const message = await refusal(
      addGenerator(createFarmTree(), { spec: routerPlugin('@t/quitter', { prefix: '/q', source }) }),
    );
    expect(message).toMatch(/FARM_E103 plugin "@t\/quitter" \(libs\/plugins\/quitter\/routers\/api\.py:6\)/);
    expect(message).toContain('SystemExit');
  });

  it('refuses a plugin answering a URL another plugin answers (/users/me of @farm/auth), naming both', async () => {
    // Another prefix than auth's /users, so only the real routes can tell the clash.
    const source =
      'from fastapi import APIRouter\n\napi_router = APIRouter()\n\n\n@api_router.get("")\nasync def me() -> dict:\n    return {"me": "not you"}\n';
    const message = await refusal(
      addGenerator(createFarmTree({ plugins: ['auth'] }), {
        spec: routerPlugin('@t/takeover', { prefix: '/users/me', source }),
      }),
    );
    expect(message).toContain('FARM_E104 plugin "@t/takeover"');
    expect(message).toMatch(
      /GET \/users\/me is answered by (@t\/takeover and by @farm\/auth|@farm\/auth and by @t\/takeover)/,
    );
    expect(message).toMatch(/FARM_E104 plugin "@farm\/auth"/);
  });

  it("refuses a plugin answering one of the host's URLs (/health)", async () => {
    const source =
      'from fastapi import APIRouter\n\napi_router = APIRouter()\n\n\n@api_router.get("/health")\nasync def health() -> dict:\n    return {}\n';
    const message = await refusal(
      addGenerator(createFarmTree(), { spec: routerPlugin('@t/healthy', { prefix: '', source }) }),
    );
    expect(message).toMatch(/GET \/health is answered by @t\/healthy and by the host/);
  });

  // A static files mount answers every URL under its prefix: the imported app's real routes say
  // whether it would take one over (the host's /ai/… and /docs, another plugin's routes).
  it.each([
    ['/ai', /would answer GET \/ai\/\S+, which the host answers/],
    ['/docs', /would answer GET \/docs\S*, which the host answers/],
    ['/users', /would answer GET \/users\/me, which @farm\/auth answers/],
  ])("refuses static files mounted at %s, at the entry's prefix", async (prefix, clash) => {
    const dir = folderPlugin(
      '@t/brand',
      { backend: { staticFiles: { public: { path: './public', prefix } } } },
      { 'public/logo.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>\n' },
    );
    const message = await refusal(addGenerator(createFarmTree({ plugins: ['auth'] }), { spec: dir }));
    expect(message).toMatch(
      /FARM_E104 plugin "@t\/brand" \(libs\/plugins\/brand\/plugin\.json \/backend\/staticFiles\/public\/prefix\)/,
    );
    expect(message).toMatch(clash);
  });

  it('accepts static files under a prefix nobody else answers, even below a router prefix it does not reach', async () => {
    // @farm/auth's router is at /users but answers only its own paths (/users/me …), not /users/avatars.
    const dir = folderPlugin(
      '@t/avatars',
      {
        backend: {
          staticFiles: {
            avatars: { path: './public', prefix: '/users/avatars' },
            brand: { path: './public', prefix: '/static/avatars' },
          },
        },
      },
      { 'public/logo.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>\n' },
    );
    const tree = createFarmTree({ plugins: ['auth'] });
    await addGenerator(tree, { spec: dir });
    expect(tree.exists('libs/plugins/avatars/public/logo.svg')).toBe(true);
  });

  it("refuses a router whose paths share the host's URLs without being equal to them (/ai/{slug:path})", async () => {
    // Plugins' routers are included before the host's /ai router: this one would take /ai/providers.
    const source =
      'from fastapi import APIRouter\n\napi_router = APIRouter()\n\n\n@api_router.get("/{slug:path}")\nasync def anything(slug: str) -> dict:\n    return {"slug": slug}\n';
    const message = await refusal(
      addGenerator(createFarmTree(), { spec: routerPlugin('@t/catch-all', { prefix: '/ai', source }) }),
    );
    expect(message).toMatch(
      /FARM_E104 plugin "@t\/catch-all" \(libs\/plugins\/catch-all\/plugin\.json \/backend\/routers\)/,
    );
    expect(message).toMatch(
      /GET \/ai\/\{slug:path\} of @t\/catch-all and GET \/ai\/\S+ of the host answer the same URLs/,
    );
  });

  it('accepts static files of one plugin beside a route of another that stops at the prefix (/notes/x, /notes/{note_id})', async () => {
    // Starlette mounts /notes/x as /notes/x/{path:path}: GET /notes/x stays the route's, /notes/x/… the mount's.
    const api = routerPlugin('@t/notes-api', {
      prefix: '/notes',
      source:
        'from fastapi import APIRouter\n\napi_router = APIRouter()\n\n\n@api_router.get("/{note_id}")\nasync def note(note_id: int) -> dict:\n    return {"id": note_id}\n',
    });
    const files = folderPlugin(
      '@t/notes-files',
      { backend: { staticFiles: { x: { path: './public', prefix: '/notes/x' } } } },
      { 'public/hello.txt': 'hello\n' },
    );
    const tree = createFarmTree();
    await addGenerator(tree, { spec: api });
    await addGenerator(tree, { spec: files });
    expect(tree.exists('libs/plugins/notes-files/public/hello.txt')).toBe(true);
  });

  it("refuses a router that mounts a sub-application over the host's /ai/… (a Mount inside an included router)", async () => {
    const source =
      'from fastapi import APIRouter, FastAPI\n\napi_router = APIRouter()\nsub = FastAPI()\n\n\n@sub.get("/providers")\nasync def providers() -> dict:\n    return {"id": "sub"}\n\n\napi_router.mount("/", sub)\n';
    const message = await refusal(
      addGenerator(createFarmTree(), { spec: routerPlugin('@t/sub-app', { prefix: '/ai', source }) }),
    );
    expect(message).toMatch(
      /FARM_E104 plugin "@t\/sub-app" \(libs\/plugins\/sub-app\/plugin\.json \/backend\/routers\)/,
    );
    expect(message).toMatch(/the mount at \/ai of @t\/sub-app would answer GET \/ai\/\S+, which the host answers/);
  });

  it('compares websocket routes and plain Starlette routes too', async () => {
    // A refused add leaves its changes in a test's Tree (Nx would not write them): one Tree each.
    const withRooms = async () => {
      const tree = createFarmTree();
      await addGenerator(tree, {
        spec: routerPlugin('@t/rooms', {
          prefix: '/rooms',
          source:
            'from fastapi import APIRouter, WebSocket\nfrom starlette.responses import PlainTextResponse\n\napi_router = APIRouter()\n\n\n@api_router.websocket("/{room}")\nasync def room(websocket: WebSocket) -> None:\n    await websocket.accept()\n\n\nasync def latest(request) -> PlainTextResponse:\n    return PlainTextResponse("latest")\n\n\napi_router.add_route("/latest", latest, methods=["GET"])\n',
        }),
      });
      return tree;
    };
    const lobby = routerPlugin('@t/lobby', {
      prefix: '/rooms/lobby',
      source:
        'from fastapi import APIRouter, WebSocket\n\napi_router = APIRouter()\n\n\n@api_router.websocket("")\nasync def lobby(websocket: WebSocket) -> None:\n    await websocket.accept()\n',
    });
    expect(await refusal(addGenerator(await withRooms(), { spec: lobby }))).toMatch(
      /WEBSOCKET \/rooms\/lobby of @t\/lobby and WEBSOCKET \/rooms\/\{room\} of @t\/rooms answer the same URLs/,
    );
    const latest = routerPlugin('@t/latest', {
      prefix: '/rooms/latest',
      source:
        'from fastapi import APIRouter\n\napi_router = APIRouter()\n\n\n@api_router.get("")\nasync def latest() -> dict:\n    return {}\n',
    });
    expect(await refusal(addGenerator(await withRooms(), { spec: latest }))).toMatch(
      /GET \/rooms\/latest is answered by @t\/latest and by @t\/rooms/,
    );
  });

  it('compares HEAD as the app answers it: a FastAPI GET route does not (405), a Starlette GET route does', async () => {
    const getter = async (source: string) => {
      const tree = createFarmTree();
      await addGenerator(tree, { spec: routerPlugin('@t/getter', { prefix: '/probe', source }) });
      return tree;
    };
    const header = routerPlugin('@t/header', {
      prefix: '/probe',
      source:
        'from fastapi import APIRouter, Response\n\napi_router = APIRouter()\n\n\n@api_router.head("/x")\nasync def x() -> Response:\n    return Response()\n',
    });
    const fastapiGet =
      'from fastapi import APIRouter\n\napi_router = APIRouter()\n\n\n@api_router.get("/x")\nasync def x() -> dict:\n    return {}\n';
    await expect(addGenerator(await getter(fastapiGet), { spec: header })).resolves.toBeDefined();
    const starletteGet =
      'from fastapi import APIRouter\nfrom starlette.responses import PlainTextResponse\n\napi_router = APIRouter()\n\n\nasync def x(request) -> PlainTextResponse:\n    return PlainTextResponse("x")\n\n\napi_router.add_route("/x", x, methods=["GET"])\n';
    expect(await refusal(addGenerator(await getter(starletteGet), { spec: header }))).toMatch(
      /HEAD \/probe\/x is answered by @t\/header and by @t\/getter/,
    );
  });

  it("locates a clash with another plugin's AI endpoint at that endpoint's entry", async () => {
    const summarizer = routerPlugin('@t/summarizer', {
      prefix: '/summarizer',
      source: 'from fastapi import APIRouter\n\napi_router = APIRouter()\n',
    });
    mkdirSync(join(summarizer, 'endpoints'), { recursive: true });
    writeFileSync(
      join(summarizer, 'endpoints/summarize.py'),
      'async def summarize(payload: dict, ai, request) -> dict:\n    return {"summary": ""}\n',
    );
    const manifest = JSON.parse(readFileSync(join(summarizer, 'plugin.json'), 'utf8'));
    writeFileSync(
      join(summarizer, 'plugin.json'),
      JSON.stringify({
        ...manifest,
        ai: { endpoints: { summarize: { path: './endpoints/summarize.py', method: 'POST' } } },
      }),
    );
    const tree = createFarmTree();
    await addGenerator(tree, { spec: summarizer });
    const source =
      'from fastapi import APIRouter\n\napi_router = APIRouter()\n\n\n@api_router.post("/summarize")\nasync def summarize() -> dict:\n    return {}\n';
    const message = await refusal(addGenerator(tree, { spec: routerPlugin('@t/copycat', { prefix: '/ai', source }) }));
    expect(message).toMatch(
      /FARM_E104 plugin "@t\/copycat" \(libs\/plugins\/copycat\/plugin\.json \/backend\/routers\)/,
    );
    expect(message).toMatch(
      /FARM_E104 plugin "@t\/summarizer" \(libs\/plugins\/summarizer\/plugin\.json(:\d+:\d+)? \/ai\/endpoints\/summarize\)/,
    );
  });

  it("refuses an AI endpoint named like the host's own /ai/providers", async () => {
    const dir = routerPlugin('@t/ai-shadow', {
      prefix: '/shadow',
      source: 'from fastapi import APIRouter\n\napi_router = APIRouter()\n',
    });
    mkdirSync(join(dir, 'endpoints'), { recursive: true });
    writeFileSync(join(dir, 'endpoints/providers.py'), 'async def providers(request):\n    return {"providers": []}\n');
    const manifest = JSON.parse(readFileSync(join(dir, 'plugin.json'), 'utf8'));
    writeFileSync(
      join(dir, 'plugin.json'),
      JSON.stringify({
        ...manifest,
        ai: { endpoints: { providers: { path: './endpoints/providers.py', method: 'GET' } } },
      }),
    );
    const message = await refusal(addGenerator(createFarmTree(), { spec: dir }));
    // The host's AIRouter refuses the name at import: located at the plugin's manifest entry.
    expect(message).toMatch(
      /FARM_E103 plugin "@t\/ai-shadow" \(libs\/plugins\/ai-shadow\/plugin\.json \/ai\/endpoints\/providers\)/,
    );
    expect(message).toContain("AI endpoint name 'providers' is reserved");
  });

  // What code analysis lets through — a finding its author suppressed (`farm-allow`), code it
  // does not follow — still cannot act while the gate imports it: the audit hook refuses it at the
  // plugin's line.
  const fenced = 'PermissionError: the runtime gate does not let plugin code';
  it.each([
    [
      'runs a process',
      'import subprocess  # farm-allow process-spawn: the fence stops it\nsubprocess.run(["touch", MARK])\n',
      fenced,
    ],
    ['writes outside', 'import importlib\nimportlib.import_module("builtins").open(MARK, "w").write("x")\n', fenced],
    ['makes a FIFO outside (no audit event)', 'from posix import mkfifo\nmkfifo(MARK)\n', fenced],
    [
      'opens a SQLite database outside',
      'import sqlite3\nsqlite3.connect("file://" + MARK + "?mode=rwc").commit()\n',
      fenced,
    ],
    // Writes whose first path is inside (the plugin's own file): the second one is what they make.
    [
      'moves its own file outside',
      'import os\nos.replace(__file__ + ".gone", MARK)  # farm-allow fs-outside-plugin: the fence stops it\n',
      fenced,
    ],
    [
      'links its own file from outside',
      'import os\nos.link(__file__, MARK)  # farm-allow fs-outside-plugin: the fence stops it\n',
      fenced,
    ],
    [
      'makes a symlink outside to its own file',
      'import os\nos.symlink(__file__, MARK)  # farm-allow fs-outside-plugin: the fence stops it\n',
      fenced,
    ],
    [
      'makes a Unix socket outside',
      'import socket\nsocket.socket(1).bind(MARK)  # farm-allow raw-socket: the fence stops it\n',
      'PermissionError: the runtime gate does not let plugin code make the socket',
    ],
    [
      'runs a process through _posixsubprocess (no audit event)',
      'import os\nimport _posixsubprocess; _posixsubprocess.fork_exec([b"/bin/touch", MARK.encode()], [b"/bin/touch"], True, (), None, None, -1, -1, -1, -1, -1, -1, *os.pipe(), False, False, -1, None, None, None, -1, None, False)  # farm-allow process-spawn: the fence stops it\n',
      'PermissionError: the runtime gate does not let plugin code run a process',
    ],
    [
      'makes a folder outside, relative to an open folder (dir_fd)',
      'import os  # farm-allow fs-outside-plugin: the fence stops it\nos.mkdir(os.path.basename(MARK), dir_fd=os.open(os.path.dirname(MARK), os.O_RDONLY))  # farm-allow fs-outside-plugin: the fence stops it\n',
      fenced,
    ],
    [
      'creates a file outside, relative to an open folder (dir_fd)',
      'import os  # farm-allow fs-outside-plugin: the fence stops it\nos.open(os.path.basename(MARK), os.O_CREAT | os.O_WRONLY, dir_fd=os.open(os.path.dirname(MARK), os.O_RDONLY))  # farm-allow fs-outside-plugin: the fence stops it\n',
      fenced,
    ],
    [
      "imports the gate's own module to write a report of its own",
      'import os\nimport farm_gate_channel  # farm-allow introspection: the gate hides it\n',
      "ModuleNotFoundError: No module named 'farm_gate_channel'",
    ],
    [
      'attaches a SQLite database outside to one in memory',
      'import sqlite3\nsqlite3.connect(":memory:").execute("ATTACH DATABASE \'" + MARK + "\' AS x")\n',
      'not authorized',
    ],
    [
      'vacuums a SQLite database into a file outside through _sqlite3',
      'import _sqlite3  # farm-allow introspection: the fence stops it\n_sqlite3.connect(":memory:").execute("VACUUM INTO \'" + MARK + "\'")\n',
      'authorization denied',
    ],
    [
      'vacuums a SQLite database into a file outside',
      'import sqlite3\nsqlite3.connect(":memory:").execute("VACUUM INTO \'" + MARK + "\'")\n',
      'authorization denied',
    ],
  ])('fences plugin code that %s at import: refused, and nothing happens', async (_what, body, says) => {
    const mark = join(mkdtempSync(join(tmpdir(), 'farm-gate-mark-')), 'pwned');
    const source = `from fastapi import APIRouter\nMARK = ${JSON.stringify(mark)}\n${body}api_router = APIRouter()\n`;
    const message = await refusal(
      addGenerator(createFarmTree(), { spec: routerPlugin('@t/sneaky', { prefix: '/sneaky', source }) }),
    );
    expect(message).toMatch(/FARM_E103 plugin "@t\/sneaky" \(libs\/plugins\/sneaky\/routers\/api\.py:4\)/);
    expect(message).toContain(says);
    expect(existsSync(mark)).toBe(false);
  });

  it('accepts a plugin whose new PyPI dependency is staged for the import, leaving the venv as it was', async () => {
    const source =
      'from fastapi import APIRouter\nfrom slugify import slugify\n\napi_router = APIRouter()\n\n\n@api_router.get("/{text}")\nasync def slug(text: str) -> dict:\n    return {"slug": slugify(text)}\n';
    const before = execFileSync('uv', ['pip', 'freeze', '--python', pythonExecutable], { encoding: 'utf8' });
    const tree = createFarmTree();
    await addGenerator(tree, {
      spec: routerPlugin(
        '@t/slugs',
        { prefix: '/slugs', source },
        {
          backend: {
            routers: { api_router: { path: './routers/api.py', prefix: '/slugs', tags: ['t'] } },
            dependencies: [{ name: 'python-slugify', version: '9.1.3' }],
          },
        },
      ),
    });
    expect(tree.read('apps/backend/src/plugins/integration.py', 'utf-8')).toContain('farm_plugins.slugs.routers.api');
    expect(execFileSync('uv', ['pip', 'freeze', '--python', pythonExecutable], { encoding: 'utf8' })).toBe(before);
  });
});
