import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FarmError } from '../core/errors';
import { journalPath, recoverFileTransaction } from './file-transaction';
import { commandLine, lockedByAnotherProcess, lockPath, lockWorkspace } from './workspace-lock';

const roots: string[] = [];
const children: ChildProcess[] = [];
function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'farm-lock-'));
  roots.push(root);
  return root;
}
afterAll(() => {
  children.forEach((child) => child.kill('SIGKILL'));
  roots.forEach((root) => rmSync(root, { recursive: true, force: true }));
});

/** Writes a lock as another process would have. */
function lockAs(root: string, pid: number, command = 'nx g @farm/plugins:add /tmp/a'): string {
  mkdirSync(join(root, '.farm'), { recursive: true });
  const text = JSON.stringify({ pid, command, since: '2026-01-02T03:04:05.000Z' }) + '\n';
  writeFileSync(lockPath(root), text);
  return text;
}

/** A live process that is not this one. */
function livePid(): number {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  children.push(child);
  return child.pid!;
}

/** A pid that existed and no longer does (as after kill -9). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function refusal(run: () => unknown): FarmError {
  try {
    run();
  } catch (error) {
    if (error instanceof FarmError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('lockWorkspace', () => {
  it('takes .farm/lock with pid, command and start time; release removes it and leaves nothing in .farm', () => {
    const root = workspace();
    const lock = lockWorkspace(root, 'nx g @farm/plugins:add ./a');
    const held = JSON.parse(readFileSync(lockPath(root), 'utf8'));
    expect(held).toEqual({ pid: process.pid, command: 'nx g @farm/plugins:add ./a', since: lock.holder.since });
    expect(Math.abs(Date.now() - Date.parse(held.since))).toBeLessThan(60_000);
    expect(readdirSync(join(root, '.farm'))).toEqual(['lock']); // the file linked from is gone
    lock.release();
    lock.release();
    expect(readdirSync(join(root, '.farm'))).toEqual([]);
  });

  it('refuses with FARM_E016 naming a live holder (pid, command, since) and the fix, leaving its lock', () => {
    const root = workspace();
    const pid = livePid();
    const text = lockAs(root, pid);
    const error = refusal(() => lockWorkspace(root, 'nx g @farm/plugins:add ./b'));
    expect(error.problems.map((p) => p.code)).toEqual(['FARM_E016']);
    expect(error.message).toContain(
      `process ${pid} (nx g @farm/plugins:add /tmp/a) holds it since 2026-01-02T03:04:05.000Z`,
    );
    expect(error.message).toContain('.farm/lock');
    expect(error.message).toContain('fix: wait for it to finish');
    expect(readFileSync(lockPath(root), 'utf8')).toBe(text);
    expect(readdirSync(join(root, '.farm'))).toEqual(['lock']);
  });

  it('refuses a second change of this very process', () => {
    const root = workspace();
    const lock = lockWorkspace(root, 'first');
    expect(refusal(() => lockWorkspace(root, 'second')).message).toContain(`process ${process.pid} (first)`);
    lock.release();
    lockWorkspace(root, 'third').release();
  });

  it('takes over the lock of a process that no longer exists (kill -9)', () => {
    const root = workspace();
    lockAs(root, deadPid());
    const lock = lockWorkspace(root, 'nx g @farm/plugins:add ./b');
    expect(JSON.parse(readFileSync(lockPath(root), 'utf8')).pid).toBe(process.pid);
    expect(readdirSync(join(root, '.farm'))).toEqual(['lock']);
    lock.release();
  });

  /** Runs `then` in a process that has just taken the lock of `root`. */
  function lockedProcess(root: string, then: string) {
    const script = `const lock = require(${JSON.stringify(join(__dirname, 'workspace-lock'))}).lockWorkspace(${JSON.stringify(root)}, 'x'); ${then}`;
    return spawnSync(process.execPath, ['-r', '@swc-node/register', '-e', script], {
      encoding: 'utf8',
      timeout: 30_000,
    });
  }

  it('is released by process.exit (an exit listener)', () => {
    const root = workspace();
    const result = lockedProcess(root, 'process.exit(3)');
    if (result.status !== 3) throw new Error(result.stderr);
    expect(existsSync(lockPath(root))).toBe(false);
  });

  it('is removed by Ctrl-C while the change is prepared (interrupt.ts), and left to takeover once it is written', () => {
    const root = workspace();
    const wait = 'setInterval(() => undefined, 1000); process.kill(process.pid, "SIGINT");';
    const interrupted = lockedProcess(root, wait);
    expect([interrupted.status, interrupted.stderr]).toEqual([130, expect.stringContaining('interrupted by SIGINT')]);
    expect(existsSync(lockPath(root))).toBe(false);
    const committing = lockedProcess(root, `lock.keepThroughInterrupt(); ${wait}`);
    expect(committing.signal).toBe('SIGINT'); // Node's default: dies as under kill -9
    expect(existsSync(lockPath(root))).toBe(true);
    lockWorkspace(root, 'next').release(); // its pid is dead: taken over
  });

  it('writes the command line as typed, URL credentials masked', () => {
    expect(commandLine(['/usr/bin/node', '/x/node_modules/nx/dist/bin/nx.js', 'g', '@farm/plugins:add', './a'])).toBe(
      'nx g @farm/plugins:add ./a',
    );
    expect(commandLine(['node', 'nx.js', 'g', 'add', 'git+https://me:token@example.com/p.git'])).toBe(
      'nx g add git+https://***@example.com/p.git',
    );
  });
});

describe('recoverFileTransaction and the lock', () => {
  it('leaves the journal of a change a live process is writing alone, and recovers a dead one', () => {
    const root = workspace();
    mkdirSync(join(root, '.farm'), { recursive: true });
    const journal = JSON.stringify({ id: 'x', state: 'prepare', entries: [], folders: [] });
    writeFileSync(journalPath(root), journal);
    lockAs(root, livePid());
    expect(lockedByAnotherProcess(root)).toBeDefined();
    expect(recoverFileTransaction(root)).toBeUndefined();
    expect(readFileSync(journalPath(root), 'utf8')).toBe(journal);
    lockAs(root, deadPid());
    expect(lockedByAnotherProcess(root)).toBeUndefined();
    expect(recoverFileTransaction(root)).toBe('rolled back');
    expect(existsSync(journalPath(root))).toBe(false);
  });
});
