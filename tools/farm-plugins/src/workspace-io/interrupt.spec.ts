import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processTable } from '../testing/process-table';

/**
 * A process that holds what `script` makes (interrupt.ts, scratch-folder.ts from this folder, with
 * `temp` as its temp dir), prints `ready <json>` and waits; the test signals its process group as
 * a terminal's Ctrl-C does. Async spawn: jest's loop keeps running meanwhile.
 */
function holder(script: string, temp: string) {
  const code = `
    const { holdUntilInterrupt } = require(${JSON.stringify(join(__dirname, 'interrupt'))});
    const { makeScratchFolder } = require(${JSON.stringify(join(__dirname, 'scratch-folder'))});
    const temp = ${JSON.stringify(temp)};
    ${script}
    setInterval(() => undefined, 1000);
  `;
  const child = spawn(process.execPath, ['-r', '@swc-node/register', '-e', code], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const ready = new Promise<any>((resolve, reject) => {
    child.stdout.on('data', () => {
      const line = /ready (.*)\n/.exec(stdout);
      if (line) resolve(JSON.parse(line[1]!));
    });
    child.on('exit', () => reject(new Error(`exited before it was ready: ${stderr}`)));
  });
  const exited = new Promise<{ status: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('exit', (status, signal) => resolve({ status, signal, stderr })),
  );
  return { pid: child.pid!, ready, exited };
}

/** Running, not a zombie (a killed child of an exited holder may wait for a reaper that never comes). */
function alive(pid: number): boolean {
  return processTable().some((p) => p.pid === pid && p.state !== 'Z');
}

describe('an interrupt while scratch is held', () => {
  let temp: string;
  beforeEach(() => {
    temp = mkdtempSync(join(tmpdir(), 'farm-interrupt-spec-'));
  });
  afterEach(() => rmSync(temp, { recursive: true, force: true }));

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)(
    '%s removes the folders, kills the held child, says so in one line and exits %i',
    async (signal, code) => {
      const run = holder(
        `
        const a = makeScratchFolder('gate', temp);
        const b = makeScratchFolder('gate-writable', temp);
        require('node:fs').writeFileSync(a.path + '/workspace.json', '{}');
        // Its own session: only the holder can end it (a terminal's signal would not reach it).
        const sleeper = require('node:child_process').spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
        holdUntilInterrupt({ child: sleeper });
        console.log('ready ' + JSON.stringify({ folders: [a.path, b.path], sleeper: sleeper.pid }));
        `,
        temp,
      );
      const { folders, sleeper } = await run.ready;
      expect(folders.every(existsSync)).toBe(true);
      process.kill(-run.pid, signal);
      const { status, stderr } = await run.exited;
      expect(status).toBe(code);
      expect(stderr).toBe(
        `\nfarm: interrupted by ${signal} — nothing was written to the workspace; temporary files removed\n`,
      );
      expect(folders.filter(existsSync)).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(alive(sleeper)).toBe(false);
    },
  );

  it('leaves the signal to Node once everything is released (a commit is the journal’s to recover)', async () => {
    const run = holder(
      `
      const a = makeScratchFolder('gate', temp);
      a.remove();
      const held = holdUntilInterrupt({});
      held.release();
      console.log('ready {}');
      `,
      temp,
    );
    await run.ready;
    process.kill(-run.pid, 'SIGINT');
    const { status, signal, stderr } = await run.exited;
    expect({ status, signal, stderr }).toEqual({ status: null, signal: 'SIGINT', stderr: '' });
  });
});
