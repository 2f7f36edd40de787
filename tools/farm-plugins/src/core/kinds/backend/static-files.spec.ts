import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import addGenerator from '../../../../generators/add/add';
import { createFarmTree } from '../../../testing/farm-tree';
import { pythonExecutable } from '../../../workspace-io/runtimes';
import { planFixtures } from '../../testing/plan-fixtures';
import { emitHost } from '../emit-host';
import { writeTree } from '../../../testing/write-tree';

const backend = { outDir: 'apps/backend/src/plugins', runCommand: 'nx run backend:integrate' };
const located = (problems: { code: string; pointer?: string }[]) => problems.map((p) => `${p.code} ${p.pointer}`);

describe('backend.staticFiles: a plugin folder served by the backend', () => {
  it('plans each folder with its prefix and mounts it in integration.py, importing only what it uses', () => {
    const { plan, problems } = planFixtures([
      { name: '@farm/brand', backend: { staticFiles: { public: { path: './public', prefix: '/static/brand' } } } },
    ]);
    expect(problems).toEqual([]);
    expect(plan.backend.staticFiles).toEqual([
      {
        plugin: '@farm/brand',
        file: 'libs/plugins/brand/plugin.json',
        pointer: '/backend/staticFiles/public',
        name: 'brand:public',
        dir: 'libs/plugins/brand/public',
        prefix: '/static/brand',
      },
    ]);
    const integration = emitHost('backend', plan, backend).find((f) => f.path.endsWith('/integration.py'))!.contents;
    expect(integration).toContain(
      'from farm.plugins import workspace_root\nfrom fastapi.staticfiles import StaticFiles\n',
    );
    expect(integration).toContain(
      '    app.mount("/static/brand", StaticFiles(directory=workspace_root() / "libs/plugins/brand/public"), name="brand:public")\n',
    );
    // A plugin whose only contribution is a folder is still mounted as a Python package: the backend consumes it.
    expect(plan.plugins[0]!.hasPythonCode).toBe(true);
    expect(
      emitHost('backend', planFixtures([]).plan, backend).find((f) => f.path.endsWith('/integration.py'))!.contents,
    ).not.toContain('StaticFiles');
  });

  it('refuses a folder outside the plugin, a missing one and a prefix two plugins claim, each at its entry', () => {
    const { plan, problems } = planFixtures(
      [
        {
          name: '@farm/a',
          backend: {
            staticFiles: {
              out: { path: '../b/public', prefix: '/a' },
              gone: { path: './gone', prefix: '/gone' },
              shared: { path: './public', prefix: '/shared' },
            },
          },
        },
        { name: '@farm/b', backend: { staticFiles: { mine: { path: './public', prefix: '/shared' } } } },
      ],
      { missing: ['libs/plugins/a/gone'] },
    );
    expect(located(problems)).toEqual([
      'FARM_E057 /backend/staticFiles/gone/path',
      'FARM_E056 /backend/staticFiles/out/path',
      'FARM_E050 /backend/staticFiles/mine',
    ]);
    expect(problems[2]!.message).toContain('static files prefix "/shared" is contributed by both @farm/a');
    expect(plan.backend.staticFiles.map((f) => f.name)).toEqual(['a:shared']);
  });
});

// The real FastAPI app, as `farm plugin install` leaves it, serves the folder and nothing outside it.
it("an installed plugin's public/ folder is served by the real app under its prefix", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'farm-static-'));
  const manifest = {
    name: '@t/brand',
    version: '1.0.0',
    description: 't',
    author: 't',
    license: 'MIT',
    farmVersion: '^1.0.0',
    backend: { staticFiles: { public: { path: './public', prefix: '/static/brand' } } },
  };
  for (const [path, text] of Object.entries({
    'plugin.json': JSON.stringify(manifest),
    'public/logo.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>\n',
    'secret.txt': 'not served\n',
  })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const tree = createFarmTree();
  await addGenerator(tree, { spec: dir });
  const root = mkdtempSync(join(tmpdir(), 'farm-static-ws-'));
  try {
    writeTree(tree, '', root);
    const script = [
      'from fastapi.testclient import TestClient',
      'from main import app',
      'c = TestClient(app)',
      'logo = c.get("/static/brand/logo.svg")',
      'print(logo.status_code, logo.headers["content-type"], logo.text.strip())',
      'print(c.get("/static/brand/../secret.txt").status_code, c.get("/static/brand/%2e%2e/secret.txt").status_code)',
    ].join('\n');
    const run = spawnSync(pythonExecutable, ['-c', script], {
      cwd: join(root, 'apps/backend/src'),
      encoding: 'utf8',
      env: { ...process.env, FARM_WORKSPACE_ROOT: root, FARM_DATABASE: 'mongomock', PYTHONDONTWRITEBYTECODE: '1' },
    });
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.stdout.trim().split('\n')).toEqual([
      '200 image/svg+xml <svg xmlns="http://www.w3.org/2000/svg"/>',
      '404 404',
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
