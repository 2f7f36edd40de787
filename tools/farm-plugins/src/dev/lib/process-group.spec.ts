import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signalGroup, spawnGroup, startReaper, stopGroup, type ProcessGroup } from './process-group';

/** Live (non-zombie) members of a process group, from /proc (slim CI images have no `ps`). */
function members(pgid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(group) === pgid && state !== 'Z') out.push(Number(name));
    } catch {
      // exited while we looked
    }
  }
  return out;
}

async function eventually(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

const groups: ProcessGroup[] = [];
function startSleepers(script = 'sleep 60 & sleep 60 & echo up; wait'): Promise<ProcessGroup> {
  return new Promise((resolve) => {
    const group = spawnGroup('sleepers', '/bin/sh', ['-c', script], {
      cwd: '/',
      env: process.env,
      onLine: (line) => line === 'up' && resolve(group),
    });
    groups.push(group);
  });
}
afterAll(() => groups.forEach((g) => signalGroup(g.pgid, 'SIGKILL')));

describe('process groups', () => {
  it('stopGroup ends the leader and everything it started', async () => {
    const group = await startSleepers();
    expect(members(group.pgid).length).toBe(3);
    await stopGroup(group, 2_000);
    expect(group.isRunning()).toBe(false);
    expect(await eventually(() => members(group.pgid).length === 0, 2_000)).toBe(true);
  });

  it('stopGroup kills what ignores SIGTERM once the grace period is over', async () => {
    const group = await startSleepers('trap "" TERM; sleep 60 & echo up; wait');
    const started = Date.now();
    await stopGroup(group, 300);
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(await eventually(() => members(group.pgid).length === 0, 2_000)).toBe(true);
  });

  it('the reaper stops the groups when the process that started them is SIGKILLed', async () => {
    const script = `
      const { spawnGroup, startReaper } = require(${JSON.stringify(join(__dirname, 'process-group.ts'))});
      const g = spawnGroup('s', '/bin/sh', ['-c', 'sleep 60 & sleep 60 & wait'], { cwd: '/', env: process.env, onLine() {} });
      startReaper([g.pgid]);
      console.log(g.pgid);
      setInterval(() => {}, 1000);`;
    const loop = spawn(process.execPath, ['-r', '@swc-node/register', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const pgid = await new Promise<number>((resolve) =>
      loop.stdout.once('data', (d) => resolve(Number(String(d).trim()))),
    );
    expect(await eventually(() => members(pgid).length === 3, 2_000)).toBe(true);
    loop.kill('SIGKILL'); // no handler can run: only the reaper can clean up
    expect(await eventually(() => members(pgid).length === 0, 3_000)).toBe(true);
  });

  it('a released reaper leaves the groups alone', async () => {
    const group = await startSleepers();
    startReaper([group.pgid]).release();
    await new Promise((r) => setTimeout(r, 300));
    expect(members(group.pgid).length).toBe(3);
    await stopGroup(group, 1_000);
  });

  it('a command that cannot start is reported, not thrown', async () => {
    const lines: string[] = [];
    const group = spawnGroup('nope', '/nonexistent/bin', [], {
      cwd: '/',
      env: process.env,
      onLine: (l) => lines.push(l),
    });
    expect((await group.exited).code).toBe(127);
    expect(lines.join('\n')).toMatch(/could not start \/nonexistent\/bin: .*ENOENT/);
  });
});
