import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nxDefaultsEnv } from '../testing/kill-process-group';
import { snapshotWorkspace } from '../testing/kill-snapshot';
import { folderPlugin, removeFolderPlugins } from '../testing/folder-plugin';
import { commandLineOf, groupAlive, processTable } from '../testing/process-table';
import { until } from '../testing/until';
import { createTempWorkspace, repoRoot, type TempWorkspace } from '../testing/temp-workspace';
import { journalPath } from '../workspace-io/file-transaction';

// Issue 12, "nothing outside after Ctrl-C": `nx g @farm/plugins:add` interrupted while its
// runtime gate imports the candidate backend. The plugin's router module sleeps at import (only
// when FARM_TEST_GATE_SLEEP is set), after leaving a mark in the gate's writable folder, so the
// signal lands mid-gate. The rule: the workspace stays byte-identical, no scratch folder of the
// command stays in the temp dir, no process of it survives, one line says so, exit 128 + n.

/** A plugin with a React component and a FastAPI router whose module sleeps at import when told to. */
function sleepyPlugin(): string {
  return folderPlugin(
    '@t/sleepy',
    {
      permissions: { env: ['FARM_TEST_GATE_SLEEP', 'FARM_GATE_WRITABLE'] },
      frontend: { components: { SleepyCard: { path: './components/SleepyCard.tsx' } } },
      backend: { routers: { sleepy_router: { path: './routers/sleepy.py', prefix: '/sleepy', tags: ['sleepy'] } } },
    },
    {
      'components/SleepyCard.tsx': 'export default function SleepyCard() {\n  return <p>zzz</p>;\n}\n',
      'routers/sleepy.py': [
        'import os',
        'import time',
        '',
        'from fastapi import APIRouter',
        '',
        'if os.environ.get("FARM_TEST_GATE_SLEEP"):',
        '    with open(os.path.join(os.environ["FARM_GATE_WRITABLE"], "sleeping"), "w") as mark:',
        '        mark.write("zzz")',
        '    time.sleep(60)',
        '',
        'sleepy_router = APIRouter()',
        '',
        '',
        '@sleepy_router.get("/")',
        'def read():',
        '    return {"ok": True}',
        '',
      ].join('\n'),
    },
  );
}

/** Entries of the temp dir made by the process `pid` (makeScratchFolder's `-p<pid>-`). */
function scratchOf(pid: number): string[] {
  return readdirSync(tmpdir())
    .filter((name) => name.startsWith('farm-') && name.includes(`-p${pid}-`))
    .sort();
}

/** TypeScript compilers checking this workspace (their --cwd), in any group. */
function compilersOf(root: string): number[] {
  return processTable()
    .filter((p) => p.state !== 'Z')
    .filter((p) => {
      const args = commandLineOf(p.pid);
      return args.includes('--api') && args.includes(root);
    })
    .map((p) => p.pid);
}

/** The reason add's security policy is told to accept the test plugin's env reads and write. */
const allow = ['--allowSecurityViolations', 'a test plugin that marks where it sleeps at import'];

/**
 * `nx g @farm/plugins:add <folder>` as a shell runs it (its own process group, as a terminal's
 * foreground job), the plugin sleeping at import. Resolves once its gate is mid-import: the
 * frontend check done (no compiler of the workspace left) and the plugin's mark written — or,
 * with `moment` 'typecheck', once TypeScript's compiler is checking the candidate. `through`
 * 'farm': `farm plugin install <folder>`, which runs that nx command; 'npx': `npx farm plugin
 * install <folder>` (npm, its `sh -c`, farm, nx).
 */
async function addUntilMidGate(
  ws: TempWorkspace,
  folder: string,
  moment: 'import' | 'typecheck' = 'import',
  through: 'nx' | 'farm' | 'npx' = 'nx',
) {
  const farmArgs = ['plugin', 'install', folder, `${allow[0]}=${allow[1]}`];
  const [command, ...args] =
    through === 'nx'
      ? [
          process.execPath,
          join(repoRoot, 'node_modules/nx/dist/bin/nx.js'),
          'g',
          '@farm/plugins:add',
          folder,
          '--no-interactive',
          ...allow,
        ]
      : through === 'farm'
        ? [process.execPath, join(repoRoot, 'tools/farm-plugins/bin/farm.js'), ...farmArgs]
        : ['npm', 'exec', '--offline', '--', 'farm', ...farmArgs];
  const child = spawn(command!, args, {
    cwd: ws.root,
    env: { ...nxDefaultsEnv(), FARM_TEST_GATE_SLEEP: '1' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  let ended = false;
  const exited = new Promise<{ status: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (status, signal) => {
      ended = true;
      resolve({ status, signal });
    }),
  );
  const pid = child.pid!;
  // The process that holds the gate: nx itself, or the nx that `farm` runs (farm's child).
  const holder = () =>
    through === 'nx'
      ? pid
      : (processTable().find(
          (p) =>
            p.pgid === pid &&
            p.state !== 'Z' &&
            commandLineOf(p.pid).some((a) => /\/nx\/(dist\/)?bin\/nx\.js$/.test(a)),
        )?.pid ?? pid);
  const marked = () =>
    scratchOf(holder()).some(
      (name) => name.startsWith('farm-gate-writable-') && existsSync(join(tmpdir(), name, 'sleeping')),
    );
  const midGate = await until(
    moment === 'typecheck'
      ? () => compilersOf(ws.root).length > 0
      : () => marked() && compilersOf(ws.root).length === 0,
    120_000,
    () => ended,
  );
  if (!midGate) {
    if (!ended) process.kill(-pid, 'SIGKILL');
    throw new Error(`nx was not caught mid-gate (${ended ? 'it exited' : 'timed out'}):\n${output}`);
  }
  return { pid, holder: holder(), exited, output: () => output };
}

describe('a runtime gate interrupted mid-import', () => {
  jest.setTimeout(300_000);
  let ws: TempWorkspace;
  let plugin: string;
  beforeAll(() => {
    ws = createTempWorkspace({ withApps: true });
    plugin = sleepyPlugin();
  });
  afterAll(() => {
    ws?.dispose();
    removeFolderPlugins();
  });

  it.each([
    ['Ctrl-C (SIGINT to the process group)', 'SIGINT', 'group', 130],
    ['SIGTERM to nx alone (a supervisor)', 'SIGTERM', 'leader', 143],
  ] as const)('%s: workspace unchanged, no scratch, no process left, one line', async (_name, signal, to, code) => {
    const before = snapshotWorkspace(ws.root);
    const run = await addUntilMidGate(ws, plugin);
    const scratch = scratchOf(run.pid);
    // What the gate holds at this instant: the staged backend, Python's writable folder, add's code copy.
    expect(scratch.map((name) => name.replace(/-p\d+-.*/, ''))).toEqual(
      expect.arrayContaining(['farm-code', 'farm-gate', 'farm-gate-writable']),
    );
    process.kill(to === 'group' ? -run.pid : run.pid, signal);
    const { status } = await run.exited;
    const output = run.output();

    expect(status).toBe(code);
    expect(output).toContain(
      `farm: interrupted by ${signal} — nothing was written to the workspace; temporary files removed`,
    );
    expect(output.match(/interrupted/g)).toHaveLength(1);
    expect(output).not.toMatch(/panic|goroutine|Traceback|KeyboardInterrupt|FARM_E1/);
    expect(scratchOf(run.pid)).toEqual([]);
    expect(await until(() => groupAlive(run.pid).length === 0, 5_000)).toBe(true);
    expect(existsSync(journalPath(ws.root))).toBe(false);
    expect(snapshotWorkspace(ws.root)).toEqual(before);
  });

  it('Ctrl-C to `farm plugin install`: farm waits for nx, which says it, and exits 130 after it', async () => {
    const before = snapshotWorkspace(ws.root);
    const run = await addUntilMidGate(ws, plugin, 'import', 'farm');
    process.kill(-run.pid, 'SIGINT');
    const { status } = await run.exited;
    const output = run.output();

    expect(status).toBe(130);
    expect(run.holder).not.toBe(run.pid);
    expect(scratchOf(run.holder)).toEqual([]);
    expect(output.trimEnd()).toMatch(
      /farm: interrupted by SIGINT — nothing was written to the workspace; temporary files removed$/,
    );
    expect(await until(() => groupAlive(run.pid).length === 0, 5_000)).toBe(true);
    expect(snapshotWorkspace(ws.root)).toEqual(before);
  });

  it('SIGTERM to npx alone (a supervisor): farm, whose shell npm took down, passes it on to nx', async () => {
    const before = snapshotWorkspace(ws.root);
    const run = await addUntilMidGate(ws, plugin, 'import', 'npx');
    expect(run.holder).not.toBe(run.pid);
    process.kill(run.pid, 'SIGTERM');
    await run.exited;

    // npm exits at once (143); what counts is that nothing of the command runs on afterwards.
    expect(await until(() => groupAlive(run.pid).length === 0, 10_000)).toBe(true);
    expect(scratchOf(run.holder)).toEqual([]);
    // nx's line arrives through the pipe it shares with the exited npm.
    const said = 'farm: interrupted by SIGTERM — nothing was written to the workspace';
    expect(await until(() => run.output().includes(said), 5_000)).toBe(true);
    expect(snapshotWorkspace(ws.root)).toEqual(before);
  });

  it('Ctrl-C while TypeScript checks the frontend: no Go panic trace, no compiler left', async () => {
    const before = snapshotWorkspace(ws.root);
    const run = await addUntilMidGate(ws, plugin, 'typecheck');
    process.kill(-run.pid, 'SIGINT');
    const { status } = await run.exited;
    const output = run.output();

    expect(status).toBe(130);
    expect(output.match(/interrupted/g)).toHaveLength(1);
    expect(output).not.toMatch(/panic|goroutine|context canceled|Traceback|FARM_E1/);
    expect(await until(() => compilersOf(ws.root).length === 0, 5_000)).toBe(true);
    expect(scratchOf(run.pid)).toEqual([]);
    expect(snapshotWorkspace(ws.root)).toEqual(before);
  });

  it('kill -9: the scratch of the dead command is removed by the next one, which installs the plugin', async () => {
    const run = await addUntilMidGate(ws, plugin);
    const left = scratchOf(run.pid);
    process.kill(-run.pid, 'SIGKILL');
    await run.exited;
    expect(await until(() => groupAlive(run.pid).length === 0, 5_000)).toBe(true);
    // Nothing can be caught: the scratch stays, with its owner's pid in its name.
    expect(scratchOf(run.pid)).toEqual(left);
    expect(left.length).toBeGreaterThan(0);

    const next = ws.nx(['g', '@farm/plugins:add', plugin, '--no-interactive', ...allow]);
    expect(next.output).toContain('added @t/sleepy@1.0.0');
    expect(next.status).toBe(0);
    expect(scratchOf(run.pid)).toEqual([]);
  });
});
