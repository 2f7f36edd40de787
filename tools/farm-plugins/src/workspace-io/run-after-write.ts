import { spawn } from 'node:child_process';
import { holdUntilInterrupt } from './interrupt';

/** What a child run after the write did. `spawnError`: it could not be started at all. */
export interface AfterWriteRun {
  status: number;
  stdout: string;
  stderr: string;
  spawnError?: string;
  /** The signal that ended it (a `kill -9`, the OOM killer), when one did; `status` is then 1. */
  signal?: NodeJS.Signals;
}

/**
 * Runs a command that finishes a change already written (the installs after a generator's
 * commit: `uv pip sync`, `npm install`) and resolves with what it did; never rejects. The child
 * is held (holdUntilInterrupt) with `afterWrite` — what is left undone and how to finish it — so
 * a Ctrl-C or a supervisor's SIGTERM to this process ends the child too (a spawnSync child
 * outlived its parent's SIGTERM, orphaned) and the line says the change is written and what to
 * run. `capture`: its output is collected (for a summary) rather than shown as it comes.
 */
export function runAfterWrite(
  command: string,
  args: string[],
  options: { cwd: string; afterWrite: string; capture: boolean; env?: NodeJS.ProcessEnv },
): Promise<AfterWriteRun> {
  return new Promise((done) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: options.capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    const held = holdUntilInterrupt({ child, afterWrite: options.afterWrite });
    const out = { stdout: '', stderr: '' };
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out.stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (out.stderr += chunk));
    child.once('error', (error) => {
      held.release();
      done({ status: 1, stdout: '', stderr: '', spawnError: `${command}: ${error.message}` });
    });
    child.once('close', (status, signal) => {
      held.release();
      done({ status: status ?? 1, ...out, ...(signal ? { signal } : {}) });
    });
  });
}
