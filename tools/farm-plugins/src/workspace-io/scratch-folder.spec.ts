import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeScratchFolder, sweepDeadScratch } from './scratch-folder';

/** A pid no process has: one that a process had and has given back (it exited and was reaped). */
function deadPid(): number {
  const run = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  const pid = Number(run.stdout.trim());
  expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
  return pid;
}

describe('scratch folders', () => {
  let temp: string;
  beforeEach(() => {
    temp = mkdtempSync(join(tmpdir(), 'farm-scratch-spec-'));
  });
  afterEach(() => rmSync(temp, { recursive: true, force: true }));

  it('are named with their kind and this pid, readable by this user only, and removed by remove()', () => {
    const scratch = makeScratchFolder('gate', temp);
    expect(scratch.path.startsWith(join(temp, `farm-gate-p${process.pid}-`))).toBe(true);
    expect(statSync(scratch.path).mode & 0o777).toBe(0o700);
    writeFileSync(join(scratch.path, 'workspace.json'), '{}');
    scratch.remove();
    expect(existsSync(scratch.path)).toBe(false);
    scratch.remove(); // twice is fine (a finally after an interrupt's own removal)
  });

  it('refuses a kind that would make another name', () => {
    expect(() => makeScratchFolder('../escape', temp)).toThrow(/lowercase/);
    expect(() => makeScratchFolder('Gate', temp)).toThrow(/lowercase/);
  });

  it('of dead processes are swept; those of live processes, old-style names and others are kept', async () => {
    const dead = deadPid();
    const sleeper = spawn('sleep', ['30']);
    try {
      const names = {
        dead: `farm-gate-p${dead}-AbC123`,
        deadWritable: `farm-gate-writable-p${dead}-x1y2z3`,
        live: `farm-gate-p${sleeper.pid}-AbC123`,
        mine: `farm-code-p${process.pid}-qwerty`,
        oldStyle: 'farm-gate-AbC123', // made before names carried a pid: whose it is cannot be told
        workspace: `farm-ws-p${dead}-AbC123x`, // not mkdtemp's six characters
        other: `other-p${dead}-AbC123`,
      };
      for (const name of Object.values(names)) mkdirSync(join(temp, name));
      writeFileSync(join(temp, names.dead, 'workspace.json'), '{"secret": 1}');

      const removed = sweepDeadScratch(temp);

      expect(removed.sort()).toEqual([join(temp, names.dead), join(temp, names.deadWritable)].sort());
      expect(readdirSync(temp).sort()).toEqual(
        [names.live, names.mine, names.oldStyle, names.workspace, names.other].sort(),
      );
    } finally {
      sleeper.kill('SIGKILL');
    }
  });
});
