import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { FarmError, problem } from '../core/errors';
import { holdUntilInterrupt, type Held } from './interrupt';
import { processIsAlive } from './scratch-folder';

/** The workspace lock: present while a command changes the workspace (git's `index.lock`). */
export const lockPath = (workspaceRoot: string) => join(workspaceRoot, '.farm', 'lock');

/** What `.farm/lock` holds: who is changing the workspace, and since when. */
export interface LockHolder {
  pid: number;
  /** The command line, e.g. `nx g @farm/plugins:add ./my-plugin` (credentials in URLs masked). */
  command: string;
  /** ISO time the lock was taken. */
  since: string;
}

/** A held workspace lock. */
export interface WorkspaceLock {
  readonly holder: LockHolder;
  /**
   * From now on a signal is not this lock's business: the change is being written, so Ctrl-C ends
   * the process as `kill -9` does (the journal recovers the workspace) and the lock, whose pid is
   * then dead, is taken over by the next command. Until then a signal removes the lock (nothing
   * was written yet).
   */
  keepThroughInterrupt(): void;
  /** Removes `.farm/lock`. Idempotent. */
  release(): void;
}

/**
 * Takes the workspace lock `.farm/lock` for one change, or refuses with FARM_E016 naming the
 * holder (pid, command, since when) when a live process holds it — writing nothing. The lock is
 * created exclusively and whole: its contents are written to a file of this process first, then
 * hard-linked to `.farm/lock` (link fails with EEXIST as `open(O_CREAT|O_EXCL)` does), so a
 * reader never sees a half-written lock. A lock whose pid no longer exists (`kill -9`, power
 * loss) is taken over: it is renamed aside, and put back if what was moved is not what was
 * judged dead (another command took it over meanwhile).
 *
 * The lock is removed by `release()`, by any `process.exit` (an `exit` listener), and — until
 * `keepThroughInterrupt()` — by SIGINT, SIGTERM and SIGHUP (interrupt.ts: the process then
 * exits). Held by this very process (a change inside a change) is refused too.
 */
export function lockWorkspace(workspaceRoot: string, command = commandLine()): WorkspaceLock {
  const path = lockPath(workspaceRoot);
  mkdirSync(join(workspaceRoot, '.farm'), { recursive: true });
  const holder: LockHolder = { pid: process.pid, command, since: new Date().toISOString() };
  const mine = `${path}.p${process.pid}-${Date.now().toString(36)}`;
  writeFileSync(mine, JSON.stringify(holder) + '\n');
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(mine, path);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const seen = readLock(workspaceRoot);
      if (seen === undefined) continue; // released meanwhile: try again
      if ((seen.holder && (seen.holder.pid === process.pid || processIsAlive(seen.holder.pid))) || attempt >= 5)
        throw heldBy(seen.holder, seen.text);
      takeOver(path, seen.text);
    }
  } finally {
    rmSync(mine, { force: true });
  }
  let released = false;
  let interrupt: Held | undefined = holdUntilInterrupt({ folder: path });
  const onExit = () => lock.release();
  process.on('exit', onExit);
  const lock: WorkspaceLock = {
    holder,
    keepThroughInterrupt() {
      interrupt?.release();
      interrupt = undefined;
    },
    release() {
      if (released) return;
      released = true;
      lock.keepThroughInterrupt();
      process.off('exit', onExit);
      rmSync(path, { force: true });
    },
  };
  return lock;
}

/**
 * Whether another live process holds the workspace lock — then a journal in `.farm` is its change
 * being written, not an interrupted one (file-transaction.ts leaves it alone).
 */
export function lockedByAnotherProcess(workspaceRoot: string): LockHolder | undefined {
  const holder = readLock(workspaceRoot)?.holder;
  return holder && holder.pid !== process.pid && processIsAlive(holder.pid) ? holder : undefined;
}

/** The lock's text and holder (undefined holder: not a lock this code wrote); undefined: no lock. */
function readLock(workspaceRoot: string): { text: string; holder?: LockHolder } | undefined {
  let text: string;
  try {
    text = readFileSync(lockPath(workspaceRoot), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const value = JSON.parse(text);
    if (Number.isSafeInteger(value?.pid) && value.pid > 0) return { text, holder: value as LockHolder };
  } catch {
    // Not ours (edited by hand): its pid is unknown, so it is held by no live process.
  }
  return { text };
}

/** Moves a dead holder's lock aside; puts it back when it is not the one judged dead. */
function takeOver(path: string, deadText: string): void {
  const aside = `${path}.dead-p${process.pid}`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // someone else moved it
    throw error;
  }
  try {
    if (readFileSync(aside, 'utf8') !== deadText) linkSync(aside, path);
  } catch {
    // Another lock was taken in between: that one stands.
  } finally {
    rmSync(aside, { force: true });
  }
}

function heldBy(holder: LockHolder | undefined, text: string): FarmError {
  const who = holder
    ? `process ${holder.pid} (${holder.command}) holds it since ${holder.since}${ago(holder.since)}`
    : `it holds ${JSON.stringify(text.slice(0, 200))}, not a FARM lock`;
  return new FarmError([
    problem(
      'FARM_E016',
      `another command is changing this workspace: ${who}. Nothing was read or written; yours would be based on the state it is replacing.`,
      { file: '.farm/lock' },
    ),
  ]);
}

function ago(since: string): string {
  const seconds = Math.round((Date.now() - Date.parse(since)) / 1000);
  return Number.isFinite(seconds) && seconds >= 0 ? ` (${seconds} s ago)` : '';
}

/** This process's command line as a user typed it: `nx g @farm/plugins:add ./x`, URL credentials masked. */
export function commandLine(argv: readonly string[] = process.argv): string {
  const [, script = '', ...args] = argv;
  const name = basename(script).replace(/\.[cm]?js$/, '') || 'node';
  return [name, ...args].map((arg) => arg.replace(/\/\/[^/@\s]+@/g, '//***@')).join(' ');
}
