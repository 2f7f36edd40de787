import { logger, type Tree } from '@nx/devkit';
import addGenerator from '../../generators/add/add';
import { createFarmTree } from '../testing/farm-tree';
import { folderPlugin, removeFolderPlugins } from '../testing/folder-plugin';
import { overriderPlugin, pluginWith, uaPlugin } from '../testing/plugins-reaching-others';

// Issue 12, "valid means works": the real FastAPI of .venv imports each candidate, and what a
// plugin's code does to another plugin while it is imported is judged too — the other plugin's
// routers changed (FARM_E144), its package imported without declaring it (FARM_E145). Code that
// reaches into the interpreter (`__globals__`, `sys.modules`, `__class__ =`) is refused by code
// analysis first (FARM_E147); these plugins silence it (`farm-allow introspection`), as an author
// may, and the runtime gate judges what the code does.

async function withUa(): Promise<Tree> {
  const tree = createFarmTree();
  await addGenerator(tree, { spec: uaPlugin() });
  return tree;
}

/** Adds each folder plugin in turn to `tree`; the names (`libs/plugins/<name>`) whose manifest it then holds. */
async function addEach(tree: Tree, specs: readonly string[], names: readonly string[]): Promise<string[]> {
  for (const spec of specs) await addGenerator(tree, { spec });
  return names.filter((name) => tree.exists(`libs/plugins/${name}/plugin.json`));
}

const refusal = (run: Promise<unknown>) =>
  run.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: Error) => error.message,
  );

describe("runtime gate: what a plugin's code does to other plugins", () => {
  jest.setTimeout(120_000);
  afterAll(removeFolderPlugins);

  it('refuses a plugin that empties a router of a plugin it depends on, at its line, naming it and each lost URL', async () => {
    const evil = pluginWith(
      '@t/evil',
      ['from farm_plugins.ua.routers.items import router as items', '', 'items.routes.clear()', ''],
      true,
    );
    const message = await refusal(addGenerator(await withUa(), { spec: evil }));
    expect(message).toMatch(/FARM_E144 plugin "@t\/evil" \(libs\/plugins\/evil\/routers\/own\.py:3\)/);
    expect(message).toContain(
      'changes the routes of @t/ua while the backend imports it — router farm_plugins.ua.routers.items.router: it no longer answers GET /ua/items; POST /ua/items; GET /ua/items/count',
    );
    expect(message).not.toContain('FARM_E145');
  });

  it("refuses a plugin that adds a route to another plugin's router or swaps one of its endpoints", async () => {
    const adder = pluginWith(
      '@t/adder',
      [
        'import farm_plugins.ua.routers.tags as tags',
        '',
        '',
        'def everything() -> list:',
        '    return []',
        '',
        '',
        'tags.router.add_api_route("/all", everything)',
        'tags.router.routes[0].endpoint = everything',
        '',
      ],
      true,
    );
    const message = await refusal(addGenerator(await withUa(), { spec: adder }));
    expect(message).toMatch(/FARM_E144 plugin "@t\/adder" \(libs\/plugins\/adder\/routers\/own\.py:8\)/);
    expect(message).toContain('it now answers GET /ua/tags/all, which it does not declare');
    expect(message).toContain('GET /ua/tags was changed (endpoint)');
  });

  it("refuses a plugin that changes the parts of a dependency's routes in place — endpoint, dependant.call, a dependency appended — naming each", async () => {
    const rewirer = pluginWith(
      '@t/rewirer',
      [
        'from fastapi import Depends',
        '',
        'import farm_plugins.ua.routers.items as items',
        'import farm_plugins.ua.routers.tags as tags',
        '',
        '',
        'def mine() -> dict:',
        '    return {"by": "rewirer"}',
        '',
        '',
        'def gate() -> None:',
        '    return None',
        '',
        '',
        'by_path = {(r.path, tuple(sorted(r.methods))): r for r in items.router.routes}',
        'by_path[("/items", ("GET",))].dependant.call = mine',
        'by_path[("/items", ("POST",))].dependant.dependencies.append(by_path[("/items", ("GET",))].dependant.dependencies[0])',
        'tags.router.routes[0].endpoint = mine',
        'items.router.dependencies.append(Depends(gate))',
        '',
      ],
      true,
    );
    const message = await refusal(addGenerator(await withUa(), { spec: rewirer }));
    expect(message).toMatch(/FARM_E144 plugin "@t\/rewirer" \(libs\/plugins\/rewirer\/routers\/own\.py\)/);
    expect(message).toContain(
      "changes the routes of @t/ua while the backend imports it — router farm_plugins.ua.routers.items.router: GET /ua/items was changed (dependant.call); POST /ua/items was changed (dependant.dependencies); the router's dependencies changed",
    );
    expect(message).toContain('router farm_plugins.ua.routers.tags.router: GET /ua/tags was changed (endpoint)');
    expect(message).toContain(
      "leave other plugins' routers, modules, the app's routes and dependency overrides as they are",
    );
    expect(message).not.toContain('FARM_E145');
  });

  it("refuses a dependency appended to a route of another plugin's router that is reached only through its package", async () => {
    const hooker = pluginWith(
      '@t/hooker',
      [
        'from fastapi import Depends',
        '',
        'import farm_plugins.ua.routers.deps',
        'import farm_plugins.ua.routers.items',
        '',
        '',
        'def audit() -> None:',
        '    return None',
        '',
        '',
        'farm_plugins.ua.routers.items.router.routes[1].dependencies.append(Depends(audit))',
        '',
      ],
      true,
    );
    const message = await refusal(addGenerator(await withUa(), { spec: hooker }));
    expect(message).toMatch(/FARM_E144 plugin "@t\/hooker" \(libs\/plugins\/hooker\/routers\/own\.py\)/);
    expect(message).toMatch(
      /router farm_plugins\.ua\.routers\.items\.router: (GET|POST) \/ua\/items was changed \(dependencies\)/,
    );
  });

  it("refuses a plugin that puts another router in place of a dependency's, before the app includes it", async () => {
    const swapper = pluginWith(
      '@t/swapper',
      [
        'from fastapi import APIRouter as _Router',
        '',
        'import farm_plugins.ua.routers.items as items',
        '',
        'items.router = _Router()',
        '',
      ],
      true,
    );
    const message = await refusal(addGenerator(await withUa(), { spec: swapper }));
    expect(message).toMatch(/FARM_E144 plugin "@t\/swapper" \(libs\/plugins\/swapper\/routers\/own\.py\)/);
    expect(message).toContain(
      'router farm_plugins.ua.routers.items.router was replaced by another object: it no longer answers GET /ua/items; POST /ua/items; GET /ua/items/count',
    );
  });

  it('refuses a plugin importing a plugin it does not declare, by importlib too, at the line', async () => {
    const sneak = pluginWith(
      '@t/sneak',
      ['import importlib', '', 'page_size = importlib.import_module("farm_plugins.ua.routers.deps").page_size', ''],
      false,
    );
    const message = await refusal(addGenerator(await withUa(), { spec: sneak }));
    expect(message).toMatch(/FARM_E145 plugin "@t\/sneak" \(libs\/plugins\/sneak\/routers\/own\.py:3\)/);
    expect(message).toContain(
      'imports farm_plugins.ua.routers.deps of @t/ua, which libs/plugins/sneak/plugin.json does not declare',
    );
    expect(message).toContain('declare "@t/ua" in libs/plugins/sneak/plugin.json dependencies');
  });

  it("accepts a plugin using a declared dependency's modules (its router read, its Annotated dependency) on a router of its own", async () => {
    const friend = pluginWith(
      '@t/friend',
      [
        'from typing import Annotated',
        '',
        'from fastapi import Depends',
        '',
        'from farm_plugins.ua.routers.deps import page_size',
        'from farm_plugins.ua.routers.items import router as ua_items',
        '',
        'UA_PATHS = [route.path for route in ua_items.routes]',
        '',
        '',
        'def sized(size: Annotated[int, Depends(page_size)]) -> int:',
        '    return size',
        '',
      ],
      true,
    );
    const tree = await withUa();
    await expect(addGenerator(tree, { spec: friend })).resolves.toBeDefined();
    expect(tree.exists('libs/plugins/friend/plugin.json')).toBe(true);
  });

  it("accepts a plugin copying FastAPI's params (the standard library caches __slotnames__ on their classes)", async () => {
    const copier = pluginWith(
      '@t/copier',
      ['import copy', '', 'from fastapi import Header, Query', '', 'copy.copy(Query()), copy.copy(Header())', ''],
      false,
    );
    const tree = createFarmTree();
    await addGenerator(tree, { spec: copier });
    expect(tree.exists('libs/plugins/copier/plugin.json')).toBe(true);
  });

  it("accepts plugins using FastAPI's OpenAPI models at import (pydantic completes them) and reading app.openapi() at startup (which runs another plugin's schema hook)", async () => {
    const modeller = pluginWith(
      '@t/modeller',
      [
        'from fastapi.openapi.models import Parameter',
        '',
        'TRACE = Parameter.model_validate({"name": "X-Trace", "in": "header"})',
        '',
      ],
      false,
    );
    // Building the schema runs the modeller's schema hook, which counts in its own module.
    const counter = folderPlugin(
      '@t/counter',
      { backend: { routers: { router: { path: './routers/own.py', prefix: '/counter', tags: ['counter'] } } } },
      {
        'routers/own.py': [
          'from fastapi import APIRouter',
          'from pydantic import BaseModel',
          '',
          'SCHEMA_CALLS = 0',
          '',
          '',
          'class Item(BaseModel):',
          '    name: str',
          '',
          '    @classmethod',
          '    def __get_pydantic_json_schema__(cls, core_schema, handler):',
          '        global SCHEMA_CALLS',
          '        SCHEMA_CALLS += 1',
          '        return handler(core_schema)',
          '',
          '',
          'router = APIRouter()',
          '',
          '',
          '@router.get("", response_model=Item)',
          'def item() -> Item:',
          '    return Item(name="x")',
          '',
        ].join('\n'),
      },
    );
    const reader = pluginWith(
      '@t/reader',
      ['async def lifespan(app):', '    assert app.openapi()["paths"]', '    yield', '', ''],
      false,
      'lifespan=lifespan',
    );
    const names = ['modeller', 'counter', 'reader'];
    expect(await addEach(createFarmTree(), [modeller, counter, reader], names)).toEqual(names);
  });

  it("refuses a plugin whose startup code swaps the class of another plugin's route (every attribute kept)", async () => {
    const swapper = pluginWith(
      '@t/swapper',
      [
        'from fastapi.routing import APIRoute',
        '',
        '',
        'class Mine(APIRoute):',
        '    async def handle(self, scope, receive, send) -> None:',
        '        raise RuntimeError("hijacked")',
        '',
        '',
        'async def lifespan(app):',
        '    for route in app.routes:',
        '        for inner in getattr(getattr(route, "original_router", None), "routes", []):',
        '            if inner.path == "/items":',
        '                inner.__class__ = Mine  # farm-allow introspection: the runtime gate judges it',
        '    yield',
        '',
        '',
      ],
      false,
      'lifespan=lifespan',
    );
    const message = await refusal(addGenerator(await withUa(), { spec: swapper }));
    expect(message).toMatch(/FARM_E144 plugin "@t\/swapper" \(libs\/plugins\/swapper\/routers\/own\.py:13\)/);
    expect(message).toContain('GET /ua/items was changed (__class__)');
  });

  it.each([
    {
      when: 'at import',
      lines: [
        'import fastapi.routing',
        '',
        'original = fastapi.routing.APIRouter.add_api_route',
        '',
        '',
        'def add_api_route(self, path, endpoint, **kwargs):',
        '    return original(self, path, endpoint, **kwargs)',
        '',
        '',
        'fastapi.routing.APIRouter.add_api_route = add_api_route  # farm-allow introspection: the runtime gate judges it',
        '',
      ],
      args: '',
      line: 6,
      name: 'fastapi.routing.APIRouter.add_api_route',
    },
    {
      when: 'at startup, overriding what a class inherits',
      lines: [
        'from fastapi.routing import APIRoute',
        '',
        '',
        'def matches(self, scope):',
        '    return super(APIRoute, self).matches(scope)',
        '',
        '',
        'async def lifespan(app):',
        '    APIRoute.matches = matches  # farm-allow introspection: the runtime gate judges it',
        '    yield',
        '',
      ],
      args: 'lifespan=lifespan',
      line: 4,
      name: 'fastapi.routing.APIRoute.matches',
    },
    {
      when: "by replacing an entry of Starlette's convertor table (every {n:int} then converts its way)",
      lines: [
        'from starlette.convertors import CONVERTOR_TYPES, IntegerConvertor, register_url_convertor',
        '',
        '',
        'class One(IntegerConvertor):',
        '    def convert(self, value: str) -> int:',
        '        return 1',
        '',
        '',
        'register_url_convertor("one", One())  # a new convertor of its own: registration, not a patch',
        'CONVERTOR_TYPES["int"] = One()',
        '',
      ],
      args: '',
      line: 5,
      name: "starlette.convertors.CONVERTOR_TYPES['int']",
    },
    {
      when: "by changing an entry of Starlette's convertor table in place",
      lines: [
        'from starlette.convertors import CONVERTOR_TYPES',
        '',
        '',
        'def zero(value: str) -> int:',
        '    return 0',
        '',
        '',
        'CONVERTOR_TYPES["int"].convert = zero  # farm-allow introspection: the runtime gate judges it',
        '',
      ],
      args: '',
      line: 4,
      name: "starlette.convertors.CONVERTOR_TYPES['int'].convert",
    },
  ])("refuses a plugin that patches FastAPI $when, at the patch's code", async ({ lines, args, line, name }) => {
    const patcher = pluginWith('@t/patcher', [...lines, ''], false, args);
    const message = await refusal(addGenerator(await withUa(), { spec: patcher }));
    expect(message).toContain(`FARM_E144 plugin "@t/patcher" (libs/plugins/patcher/routers/own.py:${line})`);
    expect(message).toContain(`patches ${name}, through which the backend builds or serves every plugin's routes`);
  });

  it.each([
    {
      when: 'at import',
      lines: ['list_items.__code__ = mine.__code__  # farm-allow introspection: the runtime gate judges it', ''],
      args: '',
      line: 9,
    },
    {
      when: 'at startup',
      lines: [
        'async def lifespan(app):',
        '    list_items.__code__ = mine.__code__  # farm-allow introspection: the runtime gate judges it',
        '    yield',
        '',
      ],
      args: 'lifespan=lifespan',
      line: 10,
    },
  ])(
    "refuses a plugin replacing the code of a dependency's endpoint $when, at the line",
    async ({ lines, args, line }) => {
      const swapper = pluginWith(
        '@t/swapper',
        [
          'from farm_plugins.ua.routers.items import list_items',
          '',
          '',
          'def mine(size: int = 0) -> dict:',
          '    return {"by": "swapper"}',
          '',
          '',
          '',
          ...lines,
          '',
        ],
        true,
        args,
      );
      const message = await refusal(addGenerator(await withUa(), { spec: swapper }));
      expect(message).toContain(`FARM_E103 plugin "@t/swapper" (libs/plugins/swapper/routers/own.py:${line})`);
      expect(message).toContain(
        'PermissionError: plugin code may not replace the code of farm_plugins.ua.routers.items.list_items, which is not its own',
      );
    },
  );

  it("names the plugin that empties a dependency's router from a function claiming to be the dependency's module", async () => {
    const forger = pluginWith(
      '@t/forger',
      [
        'import types',
        '',
        'from farm_plugins.ua.routers.items import router as items',
        '',
        '',
        'def clear() -> None:',
        '    items.routes.clear()',
        '',
        '',
        'types.FunctionType(clear.__code__, {**globals(), "__name__": "farm_plugins.ua.routers.items"})()  # farm-allow introspection: the runtime gate judges it',
        '',
      ],
      true,
    );
    const message = await refusal(addGenerator(await withUa(), { spec: forger }));
    expect(message).toContain('FARM_E144 plugin "@t/forger" (libs/plugins/forger/routers/own.py:7)');
    expect(message).toContain('changes the routes of @t/ua while the backend imports it');
  });

  // Startup code (a router's lifespan, its on_startup handlers) receives the app and runs after
  // every import: the gate runs it too (farm_gate_startup.py).
  it("refuses a plugin whose startup code overrides a declared dependency's dependency, at its lifespan", async () => {
    const overrider = overriderPlugin();
    const message = await refusal(addGenerator(await withUa(), { spec: overrider }));
    expect(message).toMatch(/FARM_E144 plugin "@t\/overrider" \(libs\/plugins\/overrider\/routers\/own\.py:4\)/);
    expect(message).toContain(
      'changes the app when the backend starts: its startup code overrides farm_plugins.ua.routers.deps.page_size (of @t/ua) in app.dependency_overrides',
    );
  });

  it("refuses a plugin overriding a dependency's dependency whose __module__ it rewrote to its own", async () => {
    const forger = overriderPlugin('@t/forger', true);
    const message = await refusal(addGenerator(await withUa(), { spec: forger }));
    expect(message).toContain(
      'its startup code overrides farm_plugins.ua.routers.deps.page_size (of @t/ua) in app.dependency_overrides',
    );
  });

  it("refuses a plugin whose on_startup handler, after awaiting the database, replaces what a dependency's route runs, at the changing line", async () => {
    const late = pluginWith(
      '@t/late',
      [
        'from farm.database import get_database, maybe_await',
        'from farm_plugins.ua.routers.items import router as items',
        '',
        '',
        'def mine() -> dict:',
        '    return {"by": "late"}',
        '',
        '',
        'async def rewire() -> None:',
        '    await maybe_await(get_database()["seen"].insert_one({"at": "startup"}))',
        '    items.routes[0].dependant.call = mine',
        '',
        '',
      ],
      true,
      'on_startup=[rewire]',
    );
    const message = await refusal(addGenerator(await withUa(), { spec: late }));
    expect(message).toMatch(/FARM_E144 plugin "@t\/late" \(libs\/plugins\/late\/routers\/own\.py:11\)/);
    expect(message).toContain(
      'changes the routes of @t/ua when the backend starts — router farm_plugins.ua.routers.items.router: GET /ua/items was changed (dependant.call)',
    );
  });

  it("refuses a plugin whose startup code adds a route to the app's own list, escaping URL ownership", async () => {
    const sideDoor = pluginWith(
      '@t/side-door',
      [
        'from contextlib import asynccontextmanager',
        '',
        '',
        '@asynccontextmanager',
        'async def lifespan(app):',
        '    app.add_api_route("/users/me", lambda: {"me": "not you"})',
        '    yield',
        '',
        '',
      ],
      false,
      'lifespan=lifespan',
    );
    const message = await refusal(addGenerator(createFarmTree(), { spec: sideDoor }));
    expect(message).toMatch(/FARM_E144 plugin "@t\/side-door" \(libs\/plugins\/side-door\/routers\/own\.py:4\)/);
    expect(message).toContain("its startup code adds GET /users/me to the app's routes");
  });

  it('refuses a plugin whose startup code raises (the app would not start), at the raising line', async () => {
    const failing = pluginWith(
      '@t/failing',
      ['def check() -> None:', '    raise RuntimeError("the settings were never loaded")', '', ''],
      false,
      'on_startup=[check]',
    );
    const message = await refusal(addGenerator(createFarmTree(), { spec: failing }));
    expect(message).toMatch(/FARM_E103 plugin "@t\/failing" \(libs\/plugins\/failing\/routers\/own\.py:2\)/);
    expect(message).toContain('the backend does not start: RuntimeError: the settings were never loaded');
  });

  it.each([
    {
      change: "swaps the router behind another plugin's URLs",
      lines: [
        'from farm_plugins.ua.routers.items import router as items',
        '',
        '',
        'async def lifespan(app):',
        '    for route in app.router.routes:',
        '        if getattr(route, "original_router", None) is items:',
        '            route.original_router = router',
        '    yield',
      ],
      expected: 'changes router farm_plugins.changer.routers.own.router (original_router)',
    },
    {
      change: 'replaces what a host route runs',
      lines: [
        'async def lifespan(app):',
        '    for route in app.router.routes:',
        '        if getattr(route, "path", None) == "/health":',
        '            route.app = lambda scope, receive, send: None',
        '    yield',
      ],
      expected: 'changes GET /health (app)',
    },
    {
      change: 'replaces app.dependency_overrides',
      lines: [
        'class Sneaky(dict):',
        '    def __bool__(self) -> bool:',
        '        return True',
        '',
        '',
        'async def lifespan(app):',
        '    app.dependency_overrides = Sneaky()',
        '    yield',
      ],
      expected: 'changes app.dependency_overrides (replaced)',
    },
  ])('refuses a plugin whose startup code $change', async ({ lines, expected }) => {
    const plugin = pluginWith('@t/changer', [...lines, '', ''], true, 'lifespan=lifespan');
    const message = await refusal(addGenerator(await withUa(), { spec: plugin }));
    expect(message).toMatch(/FARM_E144 plugin "@t\/changer" \(libs\/plugins\/changer\/routers\/own\.py:\d+\)/);
    expect(message).toContain(`changes the app when the backend starts: its startup code ${expected}`);
  });

  it.each([
    {
      failure: 'raises an error of a library the gate does not withhold (bson)',
      lines: ['from bson import ObjectId', '', '', 'def check() -> None:', '    ObjectId("changeme")'],
      line: 5,
      expected: "InvalidId: 'changeme' is not a valid ObjectId",
    },
    {
      failure: 'raises a TimeoutError of its own',
      lines: ['def check() -> None:', '    raise TimeoutError("the configuration never came")'],
      line: 2,
      expected: 'TimeoutError: the configuration never came',
    },
    {
      failure: 'adds middleware once the app has started',
      lines: [
        'from starlette.middleware.gzip import GZipMiddleware',
        '',
        '',
        'async def lifespan(app):',
        '    app.add_middleware(GZipMiddleware)',
        '    yield',
      ],
      line: 5,
      expected: 'Cannot add middleware after an application has started',
    },
  ])('refuses a plugin whose startup code $failure (the app would not start)', async ({ lines, line, expected }) => {
    const args = lines.some((l) => l.startsWith('async def lifespan')) ? 'lifespan=lifespan' : 'on_startup=[check]';
    const plugin = pluginWith('@t/failing', [...lines, '', ''], false, args);
    const message = await refusal(addGenerator(createFarmTree(), { spec: plugin }));
    expect(message).toContain(`FARM_E103 plugin "@t/failing" (libs/plugins/failing/routers/own.py:${line})`);
    expect(message).toContain('the backend does not start');
    expect(message).toContain(expected);
  });

  it('names the plugin whose startup code ends the process', async () => {
    const plugin = pluginWith(
      '@t/quitter',
      ['import os', '', '', 'def quit() -> None:', '    os._exit(0)', '', ''],
      false,
      'on_startup=[quit]',
    );
    const message = await refusal(addGenerator(createFarmTree(), { spec: plugin }));
    expect(message).toContain('FARM_E103 plugin "@t/quitter" (libs/plugins/quitter/plugin.json)');
    expect(message).toContain(
      'the backend does not start: the backend exited (0) while the startup code of farm_plugins.quitter.routers.own ran',
    );
  });

  it.each([
    {
      how: 'swallows the cancellation that ends its wait',
      lines: [
        'import asyncio',
        '',
        '',
        'async def lifespan(app):',
        '    try:',
        '        await asyncio.sleep(3600)',
        '    except asyncio.CancelledError:',
        '        pass',
        '    await asyncio.sleep(3600)',
        '    yield',
      ],
    },
    {
      how: "cancels every timer thread, ignores the gate's alarm and swallows the cancellation",
      lines: [
        'import asyncio',
        'import signal',
        'import threading',
        '',
        '',
        'async def lifespan(app):',
        '    for thread in threading.enumerate():',
        '        if isinstance(thread, threading.Timer):',
        '            thread.cancel()',
        '    signal.signal(signal.SIGALRM, signal.SIG_IGN)',
        '    while True:',
        '        try:',
        '            await asyncio.sleep(3600)',
        '        except asyncio.CancelledError:',
        '            pass',
        '    yield',
      ],
    },
    {
      how: "ignores the gate's alarm in a busy loop",
      lines: [
        'import signal',
        '',
        '',
        'async def lifespan(app):',
        '    signal.signal(signal.SIGALRM, signal.SIG_IGN)',
        '    while True:',
        '        pass',
        '    yield',
      ],
    },
  ])('names the plugin whose startup code $how (the backend would never start)', async ({ lines }) => {
    const plugin = pluginWith('@t/stuck', [...lines, '', ''], false, 'lifespan=lifespan');
    const started = Date.now();
    const message = await refusal(addGenerator(createFarmTree(), { spec: plugin }));
    expect(message).toContain('FARM_E103 plugin "@t/stuck" (libs/plugins/stuck/plugin.json)');
    expect(message).toContain('while the startup code of farm_plugins.stuck.routers.own ran');
    expect(message).toContain('did not finish within 2 s and could not be interrupted');
    // Ended by the gate's watchdog, not by its 60 s limit on the whole import.
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it("refuses a plugin that prints a forged gate report, and a line naming another plugin's module, then ends the process", async () => {
    const forger = pluginWith(
      '@t/forger',
      [
        'import os',
        'import sys',
        '',
        'for out in (sys.stdout, sys.__stdout__):',
        '    out.write("\\n@@farm-runtime-gate@@" + \'{"ok": true, "routes": [], "endpoints": [], "plugins": {"imports": [], "routers": []}}\' + "\\n")',
        '    out.write("\\n@@farm-runtime-gate-importing@@farm_plugins.ua.routers.items\\n")',
        '    out.flush()',
        'os.write(1, b"\\n@@farm-runtime-gate@@{\\"ok\\": true}\\n")',
        'os._exit(0)',
        '',
      ],
      false,
    );
    const message = await refusal(addGenerator(await withUa(), { spec: forger }));
    expect(message).toContain('FARM_E103 plugin "@t/forger"');
    expect(message).toContain('while farm_plugins.forger.routers.own was being imported');
    expect(message).not.toContain('plugin "@t/ua"');
  });

  it('names the plugin whose module ends the process while it is imported', async () => {
    const plugin = pluginWith('@t/exiter', ['import os', '', 'os._exit(0)', ''], false);
    const message = await refusal(addGenerator(createFarmTree(), { spec: plugin }));
    expect(message).toContain('FARM_E103 plugin "@t/exiter" (libs/plugins/exiter/plugin.json)');
    expect(message).toContain(
      'the backend does not import: the backend exited (0) while farm_plugins.exiter.routers.own was being imported',
    );
    // The process's end is no runtime message to quote: the fix says what to change.
    expect(message).toContain(
      "fix: let farm_plugins.exiter.routers.own's module-level code end by returning or raising, not by ending the process",
    );
  });

  it("accepts a plugin adding pages through a dependency's extension point at startup, as at import", async () => {
    const extender = (name: string, atStartup: boolean) =>
      pluginWith(
        name,
        [
          'from farm_plugins.ua.routers.extend import register_page',
          '',
          '',
          'def hello() -> dict:',
          '    return {"hello": True}',
          '',
          '',
          ...(atStartup
            ? ['async def lifespan(app):', `    register_page("/${name.split('/')[1]}", hello)`, '    yield']
            : [`register_page("/${name.split('/')[1]}", hello)`]),
          '',
          '',
        ],
        true,
        atStartup ? 'lifespan=lifespan' : '',
      );
    const names = ['at-import', 'at-startup'];
    const specs = [extender('@t/at-import', false), extender('@t/at-startup', true)];
    expect(await addEach(await withUa(), specs, names)).toEqual(names);
  });

  it.each([
    {
      what: "a dependency's route",
      planted: ['    items.routes[0].endpoint = endpoint'],
      line: 8,
      expected:
        'changes the routes of @t/ua when the backend starts — router farm_plugins.ua.routers.items.router: GET /ua/items was changed (endpoint)',
    },
    {
      what: 'a host route',
      planted: [
        '    for route in sys.modules["main"].app.router.routes:  # farm-allow introspection: the runtime gate judges it',
        '        if getattr(route, "path", None) == "/health":',
        '            route.endpoint = endpoint',
      ],
      line: 10,
      expected: 'changes the app when the backend starts: its startup code changes GET /health (endpoint)',
    },
  ])(
    "names the plugin whose code changes $what in place when another plugin's startup calls it, at its line",
    async ({ planted, line, expected }) => {
      // The planter puts its function in place of ua's extension point (monkeypatching, which is
      // not judged); the victim's startup calls the extension point as it may.
      const planter = pluginWith(
        '@t/planter',
        [
          'import sys',
          '',
          'from farm_plugins.ua.routers import extend',
          'from farm_plugins.ua.routers.items import router as items',
          '',
          '',
          'def planted(path, endpoint) -> None:',
          ...planted,
          '',
          '',
          'extend.register_page = planted',
          '',
          '',
        ],
        true,
      );
      const victim = pluginWith(
        '@t/victim',
        [
          'from farm_plugins.ua.routers import extend',
          '',
          '',
          'def hello() -> dict:',
          '    return {"hello": True}',
          '',
          '',
          'async def lifespan(app):',
          '    extend.register_page("/victim", hello)',
          '    yield',
          '',
          '',
        ],
        true,
        'lifespan=lifespan',
      );
      const tree = await withUa();
      await addGenerator(tree, { spec: planter });
      const message = await refusal(addGenerator(tree, { spec: victim }));
      expect(message).toContain(`FARM_E144 plugin "@t/planter" (libs/plugins/planter/routers/own.py:${line})`);
      expect(message).toContain(expected);
      expect(message).not.toContain('plugin "@t/victim"');
    },
  );

  it('refuses a plugin whose startup code adds to its own router a URL another plugin answers (URL ownership after startup)', async () => {
    // At import it answers only POST /ua/shadow-info; its lifespan then adds GET /ua/items.
    const shadow = folderPlugin(
      '@t/shadow',
      { backend: { routers: { router: { path: './routers/own.py', prefix: '/ua', tags: ['shadow'] } } } },
      {
        'routers/own.py': [
          'from fastapi import APIRouter',
          '',
          '',
          'def items() -> dict:',
          '    return {"items": "not yours"}',
          '',
          '',
          'async def lifespan(app):',
          '    router.add_api_route("/items", items)',
          '    yield',
          '',
          '',
          'router = APIRouter(lifespan=lifespan)',
          '',
          '',
          '@router.post("/shadow-info")',
          'def info() -> dict:',
          '    return {}',
          '',
        ].join('\n'),
      },
    );
    const message = await refusal(addGenerator(await withUa(), { spec: shadow }));
    expect(message).toContain('FARM_E104');
    expect(message).toContain('GET /ua/items');
    expect(message).toContain('@t/ua');
  });

  // Another plugin's module globals, reached without an import (farm_gate_modules.py); the planter
  // is imported after @t/ua (include order follows the names).
  it.each([
    [
      'plants a function in its module, reached through the app at startup',
      [
        'def mine() -> int:',
        '    return 1000',
        '',
        '',
        'async def lifespan(app):',
        '    for route in app.routes:',
        '        for inner in getattr(getattr(route, "original_router", None), "routes", []):',
        '            inner.endpoint.__globals__["page_size"] = mine  # farm-allow introspection: the runtime gate judges it',
        '    yield',
        '',
        '',
      ],
      'lifespan=lifespan',
      /\(libs\/plugins\/zplanter\/routers\/own\.py:1\)/,
      'rebinds farm_plugins.ua.routers.items.page_size of @t/ua when the backend starts',
    ],
    [
      'rebinds data in its module, reached through the app at startup',
      [
        'async def lifespan(app):',
        '    for route in app.routes:',
        '        for inner in getattr(getattr(route, "original_router", None), "routes", []):',
        '            inner.endpoint.__globals__["Annotated"] = None  # farm-allow introspection: the runtime gate judges it',
        '    yield',
        '',
        '',
      ],
      'lifespan=lifespan',
      /\(libs\/plugins\/zplanter\/routers\/own\.py:1\)/,
      'rebinds farm_plugins.ua.routers.items.Annotated of @t/ua when the backend starts',
    ],
    [
      'plants a function in its module through sys.modules, while imported',
      [
        'import sys',
        '',
        '',
        'def mine() -> int:',
        '    return 1000',
        '',
        '',
        'sys.modules["farm_plugins.ua.routers.deps"].page_size = mine  # farm-allow introspection: the runtime gate judges it',
        '',
      ],
      '',
      /\(libs\/plugins\/zplanter\/routers\/own\.py:4\)/,
      'rebinds farm_plugins.ua.routers.deps.page_size of @t/ua while the backend imports it',
    ],
  ])('refuses a plugin that %s without declaring it, at the code', async (_, lines, routerArgs, at, says) => {
    const planter = pluginWith('@t/zplanter', lines, false, routerArgs);
    const message = await refusal(addGenerator(await withUa(), { spec: planter }));
    expect(message).toMatch(at);
    expect(message).toContain(`FARM_E144 plugin "@t/zplanter"`);
    expect(message).toContain(says);
  });

  it("accepts a plugin monkeypatching a declared dependency's module, and one whose task rebinds its own globals while another starts", async () => {
    const patcher = pluginWith(
      '@t/patcher',
      [
        'from farm_plugins.ua.routers import deps',
        '',
        '',
        'def mine() -> int:',
        '    return 1000',
        '',
        '',
        'async def lifespan(app):',
        '    deps.page_size = mine',
        '    yield',
        '',
        '',
      ],
      true,
      'lifespan=lifespan',
    );
    // Its lifespan starts a task that refreshes its own cache; the next plugin's startup awaits meanwhile.
    const refresher = pluginWith(
      '@t/a-refresher',
      [
        'import asyncio',
        '',
        'CACHE = {}',
        '',
        '',
        'async def refresh() -> None:',
        '    global CACHE',
        '    while True:',
        '        CACHE = {"fresh": True}',
        '        await asyncio.sleep(0.01)',
        '',
        '',
        'async def lifespan(app):',
        '    task = asyncio.create_task(refresh())',
        '    yield',
        '    task.cancel()',
        '',
        '',
      ],
      false,
      'lifespan=lifespan',
    );
    const waiter = pluginWith(
      '@t/b-waiter',
      ['import asyncio', '', '', 'async def warm() -> None:', '    await asyncio.sleep(0.2)', '', ''],
      false,
      'on_startup=[warm]',
    );
    const names = ['patcher', 'a-refresher', 'b-waiter'];
    expect(await addEach(await withUa(), [patcher, refresher, waiter], names)).toEqual(names);
  });

  it('accepts plugins whose startup code uses the database and changes their own router, then hangs, blocks or cannot reach MongoDB', async () => {
    // A blocking call is cut short too (the gate's own time limit would otherwise refuse them).
    const seeder = pluginWith(
      '@t/seeder',
      [
        'import asyncio',
        'from contextlib import asynccontextmanager',
        '',
        'from farm.database import get_database, maybe_await',
        '',
        '',
        '@asynccontextmanager',
        'async def lifespan(app):',
        '    await maybe_await(get_database()["seeds"].insert_one({"n": 1}))',
        '    router.tags.append("seeded")',
        '    await asyncio.sleep(3600)',
        '    yield',
        '',
        '',
      ],
      false,
      'lifespan=lifespan',
    );
    const blocker = pluginWith(
      '@t/blocker',
      ['import time', '', '', 'def block() -> None:', '    time.sleep(3600)', '', ''],
      false,
      'on_startup=[block]',
    );
    // A failure the gate causes (no MongoDB server reachable from it) is not the plugin's.
    const pinger = pluginWith(
      '@t/pinger',
      [
        'from pymongo import MongoClient',
        '',
        '',
        'def ping() -> None:',
        '    MongoClient("mongodb://127.0.0.1:9", serverSelectionTimeoutMS=200).admin.command("ping")',
        '',
        '',
      ],
      false,
      'on_startup=[ping]',
    );
    const tree = await withUa();
    const warn = jest.spyOn(logger, 'warn');
    try {
      const names = ['seeder', 'blocker', 'pinger'];
      expect(await addEach(tree, [seeder, blocker, pinger], names)).toEqual(names);
      // The app would wait for the first two before serving: a warning (at each add whose Tree holds
      // them, here every later one: a virtual Tree commits nothing).
      const warned = warn.mock.calls.map(([text]) => String(text)).join('\n');
      expect(warned).toContain('FARM_E146 warning plugin "@t/seeder" (libs/plugins/seeder/routers/own.py:7)');
      expect(warned).toContain('FARM_E146 warning plugin "@t/blocker" (libs/plugins/blocker/routers/own.py:4)');
      expect(warned).not.toContain('plugin "@t/pinger"');
    } finally {
      warn.mockRestore();
    }
  });
});
