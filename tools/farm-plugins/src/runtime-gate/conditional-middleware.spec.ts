import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import addGenerator from '../../generators/add/add';
import { pythonExecutable } from '../workspace-io/runtimes';
import { createFarmTree } from '../testing/farm-tree';
import { writeTree } from '../testing/write-tree';

const stamp = `class stamp:
    """Pure ASGI middleware that marks the responses it sees."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        async def marked(message):
            if message["type"] == "http.response.start":
                message.setdefault("headers", []).append((b"x-stamp", b"yes"))
            await send(message)

        await self.app(scope, receive, marked)
`;
const routes = `from fastapi import APIRouter

pages = APIRouter()


@pages.get("/stamped")
async def stamped() -> dict:
    return {}


@pages.get("/plain")
async def plain() -> dict:
    return {}
`;

// The generated wiring of a middleware whose only condition is a path, served by the real app.
it('a middleware with only a path condition runs for that path and not for others', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'farm-mw-'));
  const manifest = {
    name: '@t/stamp',
    version: '1.0.0',
    description: 't',
    author: 't',
    license: 'MIT',
    farmVersion: '^1.0.0',
    backend: {
      middleware: { stamp: { path: './middleware/stamp.py', order: 1, conditions: [{ path: '/stamped' }] } },
      routers: { pages: { path: './routers/pages.py', prefix: '', tags: ['t'] } },
    },
  };
  for (const [path, text] of Object.entries({
    'plugin.json': JSON.stringify(manifest),
    'middleware/stamp.py': stamp,
    'routers/pages.py': routes,
  })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const tree = createFarmTree();
  await addGenerator(tree, { spec: dir });
  const root = mkdtempSync(join(tmpdir(), 'farm-mw-ws-'));
  try {
    writeTree(tree, '', root);
    const script =
      'from fastapi.testclient import TestClient\nfrom main import app\nc = TestClient(app)\nprint(c.get("/stamped").headers.get("x-stamp"), c.get("/plain").headers.get("x-stamp"))';
    const run = spawnSync(pythonExecutable, ['-c', script], {
      cwd: join(root, 'apps/backend/src'),
      encoding: 'utf8',
      env: { ...process.env, FARM_WORKSPACE_ROOT: root, FARM_DATABASE: 'mongomock', PYTHONDONTWRITEBYTECODE: '1' },
    });
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.stdout.trim()).toBe('yes None');
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
