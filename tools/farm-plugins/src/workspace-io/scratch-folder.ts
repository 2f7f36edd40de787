import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { holdUntilInterrupt } from './interrupt';

/** A folder of this process in the system temp dir; `remove()` deletes it (idempotent). */
export interface ScratchFolder {
  path: string;
  remove(): void;
}

/** `farm-<kind>-p<pid>-<6 random characters>`: mkdtemp's names, with the pid of their maker. */
const scratchName = /^farm-[a-z][a-z0-9-]*-p(\d+)-[A-Za-z0-9]{6}$/;

let swept = false;

/**
 * A fresh folder in the system temp dir (mkdtemp: mode 0700, only this user reads it — gates copy
 * workspace.json, which may hold secrets, into theirs), named `farm-<kind>-p<pid>-XXXXXX`. Until
 * `remove()` it is held (interrupt.ts): Ctrl-C, SIGTERM or SIGHUP removes it before the process
 * exits. `kind` is lowercase letters, digits and dashes (`gate`, `gate-writable`, `uv`).
 *
 * `kill -9` cannot be caught, so the first scratch folder a process makes first removes the
 * scratch folders of processes that no longer exist (sweepDeadScratch): the next FARM command
 * after a killed one cleans up after it.
 */
export function makeScratchFolder(kind: string, tempDir = tmpdir()): ScratchFolder {
  if (!/^[a-z][a-z0-9-]*$/.test(kind)) throw new Error(`scratch folder kind must be lowercase words: ${kind}`);
  if (!swept) {
    swept = true;
    sweepDeadScratch(tempDir);
  }
  return heldScratch(mkdtempSync(join(tempDir, `farm-${kind}-p${process.pid}-`)));
}

/**
 * `path` (a folder or a file of this process's) held until `remove()` (interrupt.ts): Ctrl-C,
 * SIGTERM or SIGHUP removes it before the process exits. `remove()` deletes it (idempotent).
 */
export function heldScratch(path: string): ScratchFolder {
  const held = holdUntilInterrupt({ folder: path });
  return {
    path,
    remove() {
      rmSync(path, { recursive: true, force: true });
      held.release();
    },
  };
}

/**
 * Removes the scratch folders (makeScratchFolder's names) in `tempDir` whose process is gone — a
 * command killed with `kill -9`, or a machine that lost power — and that this user owns (others'
 * are theirs to remove, and the temp dir's sticky bit would refuse). Returns the removed paths.
 *
 * A process is gone when `kill(pid, 0)` says ESRCH. A folder whose pid was reused by a live
 * process stays until that one ends too: never removed while its pid lives. One limit: two
 * containers sharing a temp dir but not a pid namespace see each other's pids as someone else's —
 * a folder of a live process in another namespace whose pid is free here would be removed.
 */
export function sweepDeadScratch(tempDir = tmpdir()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(tempDir);
  } catch {
    return removed;
  }
  const uid = process.getuid?.();
  for (const name of names) {
    const pid = Number(scratchName.exec(name)?.[1] ?? NaN);
    if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || processIsAlive(pid)) continue;
    const path = join(tempDir, name);
    try {
      if (uid !== undefined && statSync(path).uid !== uid) continue;
      rmSync(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
      // Removed meanwhile, or not ours to remove.
    }
  }
  return removed;
}

/** Whether a process with this pid exists (EPERM: it does, as another user's); NaN or ≤ 0: no. */
export function processIsAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
