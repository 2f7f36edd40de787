import { spawnSync } from 'node:child_process';
import type { Tree } from '@nx/devkit';
import addGenerator from '../../generators/add/add';
import { pythonExecutable } from '../workspace-io/runtimes';
import type { IntegrationPlan } from '../core/plan';
import { createFarmTree } from '../testing/farm-tree';
import { stageBackend } from './stage-backend';
import { folderPlugin, removeFolderPlugins } from '../testing/folder-plugin';

afterAll(removeFolderPlugins);

/** The module real FastAPI projects write: `router = APIRouter()`, answering with its plugin's name. */
const routerModule = (plugin: string) =>
  `from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n@router.get("/")\nasync def index() -> dict:\n    return {"plugin": "${plugin}"}\n\n\n@router.get("/{item_id}")\nasync def one(item_id: int) -> dict:\n    return {"plugin": "${plugin}", "id": item_id}\n`;

/** A plugin whose router `key` is `router` in routers/<key>.py, under /<key>. */
const sharedNamePlugin = (key: string) =>
  folderPlugin(
    `@t/${key}`,
    {
      backend: {
        routers: { [key]: { path: `./routers/${key}.py`, export: 'router', prefix: `/${key}`, tags: [key] } },
      },
    },
    { [`routers/${key}.py`]: routerModule(key) },
  );

/** GETs each path against the Tree's backend, imported by the real Python (the Tree staged to disk). */
function answers(tree: Tree, paths: string[]): Record<string, unknown> {
  const roots = tree.children('libs/plugins').map((folder) => ({ root: `libs/plugins/${folder}` }));
  const staged = stageBackend(tree, 'apps/backend', { plugins: roots } as unknown as IntegrationPlan);
  try {
    const script =
      'import json, sys\nsys.path.insert(0, ".")\nfrom fastapi.testclient import TestClient\nimport main\nclient = TestClient(main.app)\nprint(json.dumps({p: client.get(p).json() for p in sys.argv[1:]}))\n';
    const env = {
      ...process.env,
      FARM_WORKSPACE_ROOT: staged.root,
      FARM_DATABASE: 'mongomock',
      PYTHONDONTWRITEBYTECODE: '1',
    };
    const run = spawnSync(pythonExecutable, ['-c', script, ...paths], { cwd: staged.src, env, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(run.stderr);
    return JSON.parse(run.stdout.trim().split('\n').pop()!);
  } finally {
    staged.remove();
  }
}

const refusal = (run: Promise<unknown>) =>
  run.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: Error) => error.message,
  );

// Issue 12 item 3: manifest keys are names within a plugin; `export` names the module attribute.
describe('plugins whose routers are all `router = APIRouter()`', () => {
  jest.setTimeout(300_000);

  it('install together, one re-exporting its router from a sibling module, and each answers its own routes', async () => {
    const tree = createFarmTree();
    for (const key of ['users', 'items', 'orders']) await addGenerator(tree, { spec: sharedNamePlugin(key) });
    const catalog = folderPlugin(
      '@t/catalog',
      { backend: { routers: { products: { path: './routers/__init__.py', export: 'router', prefix: '/products' } } } },
      {
        'routers/__init__.py':
          '"""The package re-exports the router its products module defines."""\nfrom .products import router\n\n__all__ = ["router"]\n',
        'routers/products.py': routerModule('catalog'),
      },
    );
    await addGenerator(tree, { spec: catalog });

    const integration = tree.read('apps/backend/src/plugins/integration.py', 'utf-8')!;
    expect(integration).toContain('from farm_plugins.users.routers.users import router as users_router_users');
    expect(integration).toContain('from farm_plugins.catalog.routers import router as catalog_router_products');
    expect(answers(tree, ['/users/', '/items/', '/orders/7', '/products/'])).toEqual({
      '/users/': { plugin: 'users' },
      '/items/': { plugin: 'items' },
      '/orders/7': { plugin: 'orders', id: 7 },
      '/products/': { plugin: 'catalog' },
    });
  });

  it('refuses an export the module does not define, at the entry', async () => {
    const tree = createFarmTree();
    const plugin = folderPlugin(
      '@t/misnamed',
      { backend: { routers: { users: { path: './routers/users.py', export: 'router', prefix: '/users' } } } },
      { 'routers/users.py': 'from fastapi import APIRouter\n\nusers_router = APIRouter()\n' },
    );
    const message = await refusal(addGenerator(tree, { spec: plugin }));
    // The export check of the analysis (FARM_E082) or, where a generator does not run it, the gate's
    // real import (FARM_E103): either way at the manifest entry.
    expect(message).toMatch(
      /FARM_E(082|103) plugin "@t\/misnamed" \(libs\/plugins\/misnamed\/plugin\.json(:\d+:\d+)? \/backend\/routers\/users\)/,
    );
    expect(message).toMatch(/does not define router|cannot import name 'router'/);
  });
});
