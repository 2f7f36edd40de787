import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { constants } from 'node:os';

/**
 * What an interrupted command must not leave behind: scratch folders (in the system temp dir, or
 * a cache) and the processes it started that hold them. The project's rule (docs/lifecycle.md,
 * "Interrupted"): a refused or interrupted change leaves the workspace byte-identical and touches
 * nothing outside it.
 */
export interface Held {
  /** Stops holding: the caller has removed (or ended) it itself. Idempotent. */
  release(): void;
}

/** The signals a terminal or a supervisor ends a command with (Ctrl-C, kill, a closed terminal). */
const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Everything held right now, process-wide: a signal ends the whole process, so its handler needs
 * every holder's things, whichever module made them (the TypeScript 7 API keeps its live compilers
 * the same way, for the same reason).
 */
const folders = new Set<string>();
const children = new Set<ChildProcess>();
/** What is unfinished after the write, per held install (holdUntilInterrupt's `afterWrite`). */
const unfinished = new Set<string>();
let holds = 0;
let listening = false;

/**
 * Holds a scratch folder (`path`) and/or a child process until `release()`: while anything is
 * held, SIGINT, SIGTERM and SIGHUP SIGKILL every held child, remove every held folder, print one
 * line ("interrupted by SIGINT — nothing was written …") and exit with 128 + the signal's number (130 for
 * SIGINT, as shells expect). Nothing held: the signals keep Node's default (the process dies) —
 * so an interrupt during a commit is left to the transaction's journal (file-transaction.ts).
 *
 * `afterWrite` marks a child that finishes a change already written (the install after the
 * commit): it says what is left undone and how to finish it ("the Python install did not finish:
 * run …"), and the line says the change is written instead of "nothing was written".
 *
 * Only held things are covered; what only `kill -9` could leave (it cannot be caught) is found by
 * the next command: scratch folders carry their process's pid (scratch-folder.ts).
 *
 * A signal's handler runs on the event loop: while this process waits in a synchronous call (a
 * spawnSync, TypeScript 7's synchronous API) it runs once that call returns. Code that acts on a
 * child's end awaits `letPendingSignalsRun()` first, so a child killed by the same Ctrl-C is not
 * reported as a failure of the plugin.
 */
export function holdUntilInterrupt(what: { folder?: string; child?: ChildProcess; afterWrite?: string }): Held {
  const { folder, child, afterWrite } = what;
  if (folder) folders.add(folder);
  if (afterWrite) unfinished.add(afterWrite);
  if (child) {
    children.add(child);
    child.once('exit', () => children.delete(child));
  }
  holds++;
  listen();
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      if (folder) folders.delete(folder);
      if (child) children.delete(child);
      if (afterWrite) unfinished.delete(afterWrite);
      holds--;
      if (!holds) stopListening();
    },
  };
}

/**
 * Resolves after the event loop has polled at least once more, so the handler of a signal that
 * arrived before this call (held by libuv until the loop polls) has run — and ended the process —
 * before the caller acts on what the signal did (a child that died of it, a compiler that
 * vanished). Two turns: a continuation of the current poll phase's callback reaches the check
 * phase before the next poll; the second immediate is after it.
 */
export function letPendingSignalsRun(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

function listen(): void {
  if (listening) return;
  listening = true;
  for (const signal of signals) process.on(signal, onSignal);
}

function stopListening(): void {
  if (!listening) return;
  listening = false;
  // The last listener gone, Node restores the signal's default action.
  for (const signal of signals) process.off(signal, onSignal);
}

function onSignal(signal: NodeJS.Signals): void {
  for (const child of children) {
    try {
      child.kill('SIGKILL');
    } catch {
      // Gone already.
    }
  }
  for (const folder of folders) {
    try {
      rmSync(folder, { recursive: true, force: true });
    } catch {
      // Best effort: the next command removes what a dead process's folder still holds.
    }
  }
  process.stderr.write(
    unfinished.size
      ? `\nfarm: interrupted by ${signal} — the change is written, but ${[...unfinished].join('; ')}\n`
      : `\nfarm: interrupted by ${signal} — nothing was written to the workspace; temporary files removed\n`,
  );
  process.exit(128 + (constants.signals[signal] ?? 1));
}
