import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { venvPython } from '../python-env';
import { createTempWorkspace, repoRoot, type TempWorkspace } from '../testing/temp-workspace';

const generatedBackend = ['apps/backend/src/plugins/__init__.py', 'apps/backend/src/plugins/integration.py', 'apps/backend/src/plugins/ai_config.py'];

/** Runs `nx g <args>` and SIGKILLs it after `ms`; resolves when it is gone. */
async function killedAfter(ws: TempWorkspace, args: string[], ms: number): Promise<void> {
  const child = spawn(process.execPath, [join(repoRoot, 'node_modules/nx/dist/bin/nx.js'), ...args], {
    cwd: ws.root,
    stdio: 'ignore',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NX_ISOLATE_PLUGINS: 'false' },
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise((resolve) => setTimeout(resolve, ms));
  child.kill('SIGKILL');
  await exited;
}

// kill -9 of a generator at random instants, then the next nx command: the workspace is the old
// or the new one, never a 0-byte or torn file, and the backend imports (issue 13; the soak of the
// transaction itself with 60 kills is bench/kill-soak.mjs).
describe('generators killed with SIGKILL', () => {
  jest.setTimeout(300_000);
  let ws: TempWorkspace;
  beforeAll(() => {
    ws = createTempWorkspace({ withApps: true });
  });
  afterAll(() => ws?.dispose());

  it.each([0.6, 0.85, 0.97])('deactivate / activate ai-chat killed at %f of its run leaves a whole workspace', async (fraction) => {
    const active = ws.json('workspace.json').plugins['@farm/ai-chat'].active as boolean;
    const started = Date.now();
    const full = ws.nx(['g', `@farm/plugins:${active ? 'deactivate' : 'activate'}`, 'ai-chat', '--no-interactive']);
    expect(full.status).toBe(0);
    const duration = Date.now() - started;
    // Undo it whole, then kill the same change part-way.
    expect(ws.nx(['g', `@farm/plugins:${active ? 'activate' : 'deactivate'}`, 'ai-chat', '--no-interactive']).status).toBe(0);
    await killedAfter(ws, ['g', `@farm/plugins:${active ? 'deactivate' : 'activate'}`, 'ai-chat', '--no-interactive'], duration * fraction);
    expect(ws.nx(['show', 'projects']).status).toBe(0); // runs the recovery
    const workspace = JSON.parse(readFileSync(join(ws.root, 'workspace.json'), 'utf8'));
    const now = workspace.plugins['@farm/ai-chat'].active as boolean;
    const init = readFileSync(join(ws.root, generatedBackend[0]), 'utf8');
    // The generated code agrees with workspace.json: the whole old or the whole new change.
    expect(init.includes('mount_plugin("ai_chat"')).toBe(now);
    for (const file of generatedBackend) expect(readFileSync(join(ws.root, file), 'utf8').length).toBeGreaterThan(0);
    const imported = spawnSync(venvPython(ws.root), ['-c', 'import main'], { cwd: join(ws.root, 'apps/backend/src'), encoding: 'utf8', env: { ...process.env, FARM_DATABASE: 'mongomock', PYTHONDONTWRITEBYTECODE: '1' } });
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(0);
  });
});
