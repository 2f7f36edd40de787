import type { Tree } from '@nx/devkit';
import addGenerator from '../../generators/add/add';
import { createFarmTree } from '../testing/farm-tree';
import { folderPlugin, removeFolderPlugins } from '../testing/folder-plugin';

// Issue 12, "valid means works": the real FastAPI of .venv imports each candidate, and what a
// plugin's code does to another plugin while it is imported is judged too — the other plugin's
// routers changed (FARM_E144), its package imported without declaring it (FARM_E145).

/**
 * `@t/ua`: the shape of real plugin code — several modules each exporting `router = APIRouter()`,
 * a dependency used through `Annotated`, one module extending its own router from another.
 */
function uaPlugin(): string {
  return folderPlugin(
    '@t/ua',
    {
      backend: {
        routers: {
          items: { path: './routers/items.py', export: 'router', prefix: '/ua', tags: ['ua'] },
          tags: { path: './routers/tags.py', export: 'router', prefix: '/ua/tags', tags: ['ua'] },
        },
      },
    },
    {
      'routers/deps.py': 'def page_size() -> int:\n    return 10\n',
      'routers/items.py': [
        'from typing import Annotated',
        '',
        'from fastapi import APIRouter, Depends',
        '',
        'from .deps import page_size',
        '',
        'router = APIRouter()',
        '',
        '',
        '@router.get("/items")',
        'def list_items(size: Annotated[int, Depends(page_size)]) -> dict:',
        '    return {"size": size}',
        '',
        '',
        '@router.post("/items")',
        'def make_item() -> dict:',
        '    return {}',
        '',
      ].join('\n'),
      'routers/tags.py': [
        'from fastapi import APIRouter',
        '',
        'from .items import router as items_router',
        '',
        'router = APIRouter()',
        '',
        '',
        '@router.get("")',
        'def list_tags() -> list:',
        '    return []',
        '',
        '',
        '# Its own router, extended from another of its modules: still its own routes.',
        '@items_router.get("/items/count")',
        'def count_items() -> int:',
        '    return 0',
        '',
      ].join('\n'),
    },
  );
}

/** A plugin with one router at `/<name>` whose module starts with `lines`; `dependsOnUa` declares @t/ua. */
function pluginWith(name: string, lines: string[], dependsOnUa: boolean): string {
  const short = name.split('/')[1]!;
  return folderPlugin(
    name,
    {
      ...(dependsOnUa ? { dependencies: [{ name: '@t/ua', version: '^1.0.0' }] } : {}),
      backend: { routers: { router: { path: './routers/own.py', prefix: `/${short}`, tags: [short] } } },
    },
    {
      'routers/own.py': [
        ...lines,
        'from fastapi import APIRouter',
        '',
        'router = APIRouter()',
        '',
        '',
        '@router.get("")',
        'def own() -> dict:',
        `    return {"by": ${JSON.stringify(name)}}`,
        '',
      ].join('\n'),
    },
  );
}

async function withUa(): Promise<Tree> {
  const tree = createFarmTree();
  await addGenerator(tree, { spec: uaPlugin() });
  return tree;
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
    expect(message).toContain('the endpoint of GET /ua/tags was replaced');
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
});
