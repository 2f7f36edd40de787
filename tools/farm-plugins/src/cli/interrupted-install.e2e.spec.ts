import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { folderPlugin, removeFolderPlugins } from '../testing/folder-plugin';
import { nxDefaultsEnv } from '../testing/kill-process-group';
import { packLocalPackage } from '../testing/local-npm-tarball';
import { groupAlive } from '../testing/process-table';
import { createTempWorkspace, repoRoot, type TempWorkspace } from '../testing/temp-workspace';
import { until } from '../testing/until';
import { readPendingInstalls } from '../workspace-io/pending-installs';

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

/**
 * A folder holding an `npm` for PATH that is the real one except for the bare `npm install` a
 * generator runs after its commit, which marks `mark` and sleeps; the gate's npm runs (with
 * package specs, --dry-run) pass through.
 */
function npmSlowToInstall(folder: string, mark: string): string {
  const bin = join(folder, 'bin');
  mkdirSync(bin, { recursive: true });
  const real = execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim();
  writeFileSync(
    join(bin, 'npm'),
    ['#!/bin/sh', `if [ "$*" = install ]; then : > '${mark}'; exec sleep 60; fi`, `exec '${real}' "$@"`, ''].join('\n'),
  );
  chmodSync(join(bin, 'npm'), 0o755);
  return bin;
}

/** `farm plugin install <folder>` in its own process group, and a way to wait for it. */
function farmInstall(ws: TempWorkspace, folder: string, env: NodeJS.ProcessEnv) {
  const farm = spawn(
    process.execPath,
    [join(repoRoot, 'tools/farm-plugins/bin/farm.js'), 'plugin', 'install', folder],
    {
      cwd: ws.root,
      env: { ...nxDefaultsEnv(), ...env },
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
  /** Resolves once `mark` exists; throws (and kills the group) if farm ended first. */
  const reached = async (mark: string) => {
    if (
      await until(
        () => existsSync(mark),
        120_000,
        () => ended,
      )
    )
      return;
    if (!ended) process.kill(-farm.pid!, 'SIGKILL');
    throw new Error(`the install after the write was not reached:\n${output}`);
  };
  return { pid: farm.pid!, exited, reached, output: () => output };
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
    const farm = farmInstall(ws, plugin, { FARM_UV: uvSlowToSync(scratch, mark) });
    await farm.reached(mark);
    expect(ws.json('workspace.json').plugins['@t/late-sync']).toMatchObject({ active: true });

    process.kill(farm.pid, 'SIGTERM');
    expect(await farm.exited).toBe(143);
    expect(await until(() => groupAlive(farm.pid).length === 0, 5_000)).toBe(true);
    const output = farm.output();
    expect(output).toContain(
      'farm: interrupted by SIGTERM — the change is written, but the Python install did not finish: run npx nx run backend:sync-deps',
    );
    expect(output.match(/interrupted/g)).toHaveLength(1);
    expect(existsSync(join(ws.root, '.farm/lock'))).toBe(false);
    // Recorded, so the next generator syncs again first even if sync-deps is never run.
    expect(readPendingInstalls(ws.root)?.python).toEqual({
      lockFile: join(ws.root, 'apps/backend/requirements.lock'),
      backend: 'backend',
    });

    const finished = ws.nx(['run', 'backend:sync-deps']);
    expect(finished.status).toBe(0);
  });
});

describe('farm interrupted during the npm install after the write', () => {
  jest.setTimeout(300_000);
  let ws: TempWorkspace;
  let scratch: string;
  beforeAll(() => {
    // Its own node_modules: the install after the write runs only there (never through a link).
    ws = createTempWorkspace({ ownNodeModules: true });
    scratch = mkdtempSync(join(tmpdir(), 'farm-install-spec-'));
  });
  afterAll(() => {
    ws?.dispose();
    rmSync(scratch, { recursive: true, force: true });
    removeFolderPlugins();
  });

  it('SIGTERM to farm alone: npm ends too, the line says what finishes it, and the next change does', async () => {
    const folder = folderPlugin('@t/late-npm', {});
    const tarball = packLocalPackage(join(folder, 'vendor'), 'latepkg', '1.0.0');
    const manifest = JSON.parse(readFileSync(join(folder, 'plugin.json'), 'utf8'));
    manifest.frontend = {
      dependencies: [{ name: 'latepkg', version: `file:libs/plugins/late-npm/vendor/${basename(tarball)}` }],
    };
    writeFileSync(join(folder, 'plugin.json'), JSON.stringify(manifest));
    const mark = join(scratch, 'installing');
    const bin = npmSlowToInstall(scratch, mark);
    const farm = farmInstall(ws, folder, { PATH: `${bin}:${process.env.PATH}` });
    await farm.reached(mark);
    expect(ws.json('package.json').dependencies.latepkg).toMatch(/^file:/);

    process.kill(farm.pid, 'SIGTERM');
    expect(await farm.exited).toBe(143);
    expect(await until(() => groupAlive(farm.pid).length === 0, 5_000)).toBe(true);
    expect(farm.output()).toContain(
      'farm: interrupted by SIGTERM — the change is written, but the npm install did not finish: the next nx g @farm/plugins:… (or farm plugin …) change finishes it first, or run npm install && npm ci',
    );
    // Recorded, not guessed: the next generator — one with nothing to change too — finishes it.
    expect(readPendingInstalls(ws.root)).toEqual({ npm: { packages: ['latepkg'] } });
    const next = ws.nx(['g', '@farm/plugins:activate', '@t/late-npm']);
    expect(next.status).toBe(0);
    expect(next.output).toContain("an earlier change's npm install did not finish");
    expect(existsSync(join(ws.root, 'node_modules/latepkg/index.d.ts'))).toBe(true);
    expect(readPendingInstalls(ws.root)).toBeUndefined();
  });
});
