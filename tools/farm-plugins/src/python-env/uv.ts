import { spawnSync } from 'node:child_process';
import { runAfterWrite, type AfterWriteRun } from '../workspace-io/run-after-write';

/** `uv` from PATH, or `$FARM_UV` (setup installs it with `python3 -m pip install uv`). */
export const uvExecutable = process.env.FARM_UV ?? 'uv';

/** What a uv run did (runAfterWrite's shape: status, output, a spawn error, the signal that ended it). */
export type UvRun = AfterWriteRun;

/**
 * Runs `uv <args>` in `cwd` and returns what happened; never throws. Resolution and installs
 * talk to the package index, so the timeout is generous (5 min), not a hang guard for tests.
 */
export function runUv(args: string[], options: { cwd: string; input?: string; timeoutMs?: number }): UvRun {
  const result = spawnSync(uvExecutable, args, {
    cwd: options.cwd,
    input: options.input,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 300_000,
    env: uvEnv(),
  });
  if (result.error)
    return { status: 1, stdout: '', stderr: '', spawnError: `${uvExecutable}: ${result.error.message}` };
  return {
    status: result.status ?? 1,
    stdout: result.stdout,
    stderr: result.stderr,
    ...(result.signal ? { signal: result.signal } : {}),
  };
}

/**
 * runUv for a run that finishes a change already written (the venv sync after a generator's
 * commit): held by runAfterWrite, so an interrupt ends uv too and says what finishes the install
 * (`afterWrite`). Never rejects.
 */
export function runUvAfterWrite(args: string[], options: { cwd: string; afterWrite: string }): Promise<UvRun> {
  return runAfterWrite(uvExecutable, args, { ...options, env: uvEnv(), capture: true });
}

/** uv's colours and progress bars are for terminals; ours parses its words. */
function uvEnv(): NodeJS.ProcessEnv {
  return { ...process.env, NO_COLOR: '1', UV_NO_PROGRESS: '1' };
}

/** uv's own explanation, without its `error:` prefix and blank lines, for a FARM message. */
export function uvMessage(run: UvRun): string {
  if (run.spawnError) return run.spawnError;
  return run.stderr
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ')
    .replace(/^error:\s*/i, '');
}
