import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { folderPlugin, removeFolderPlugins } from '../testing/folder-plugin';
import { nxDefaultsEnv } from '../testing/kill-process-group';
import { groupAlive } from '../testing/process-table';
import { createTempWorkspace, repoRoot, type TempWorkspace } from '../testing/temp-workspace';
import { until } from '../testing/until';

// Issue 12, signals after the write: `farm plugin install` has committed the change and runs the
// install that finishes it (`uv pip sync` of the backend's lock) when a supervisor sends farm
// SIGTERM. uv used to run on, orphaned, and farm exited 143 without a word. The rule: nothing of
// the command runs on, one line says the change is written and what finishes the install, and
// that command does.

/**
 * A `uv` for FARM_UV that is the real one except for `pip sync`, which marks `mark` and sleeps
 * (as a long install does) — so the signal lands during the install after the write.
 */
function uvSlowToSync(folder: string, mark: string): string {
  const path = join(folder, 'uv');
  writeFileSync(
    path,
    [
      '#!/bin/sh',
      `if [ "$1" = pip ] && [ "$2" = sync ]; then : > '${mark}'; exec sleep 60; fi`,
      'exec uv "$@"',
      '',
    ].join('\n'),
  );
  chmodSync(path, 0o755);
  return path;
}

describe('farm interrupted during the install after the write', () => {
  jest.setTimeout(300_000);
  let ws: TempWorkspace;
  let scratch: string;
  beforeAll(() => {
    ws = createTempWorkspace({ withApps: true });
    scratch = mkdtempSync(join(tmpdir(), 'farm-install-spec-'));
  });
  afterAll(() => {
    ws?.dispose();
    rmSync(scratch, { recursive: true, force: true });
    removeFolderPlugins();
  });

  it('SIGTERM to farm alone: uv ends too, one line names what finishes the install, which then works', async () => {
    const plugin = folderPlugin(
      '@t/late-sync',
      { backend: { routers: { late_router: { path: './routers/late.py', prefix: '/late', tags: ['late'] } } } },
      {
        'routers/late.py': [
          'from fastapi import APIRouter',
          '',
          'late_router = APIRouter()',
          '',
          '',
          '@late_router.get("/")',
          'def read() -> dict[str, bool]:',
          '    return {"ok": True}',
          '',
        ].join('\n'),
      },
    );
    const mark = join(scratch, 'syncing');
    const farm = spawn(
      process.execPath,
      [join(repoRoot, 'tools/farm-plugins/bin/farm.js'), 'plugin', 'install', plugin],
      {
        cwd: ws.root,
        env: { ...nxDefaultsEnv(), FARM_UV: uvSlowToSync(scratch, mark) },
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    farm.stdout.on('data', (chunk) => (output += chunk));
    farm.stderr.on('data', (chunk) => (output += chunk));
    let ended = false;
    const exited = new Promise<number | null>((resolve) =>
      farm.on('exit', (status) => {
        ended = true;
        resolve(status);
      }),
    );
    const syncing = await until(
      () => existsSync(mark),
      120_000,
      () => ended,
    );
    if (!syncing) {
      if (!ended) process.kill(-farm.pid!, 'SIGKILL');
      throw new Error(`the install after the write was not reached:\n${output}`);
    }
    expect(ws.json('workspace.json').plugins['@t/late-sync']).toMatchObject({ active: true });

    process.kill(farm.pid!, 'SIGTERM');
    expect(await exited).toBe(143);
    expect(await until(() => groupAlive(farm.pid!).length === 0, 5_000)).toBe(true);
    expect(output).toContain(
      'farm: interrupted by SIGTERM — the change is written, but the Python install did not finish: run npx nx run backend:sync-deps',
    );
    expect(output.match(/interrupted/g)).toHaveLength(1);
    expect(existsSync(join(ws.root, '.farm/lock'))).toBe(false);

    const finished = ws.nx(['run', 'backend:sync-deps']);
    expect(finished.status).toBe(0);
  });
});
