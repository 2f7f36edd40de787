import { spawn } from 'node:child_process';
import { holdUntilInterrupt } from '../workspace-io/interrupt';
import type { NpmRun } from './npm-install-failure';

/** The flags every npm run of the gate takes: no audit, fund or update notice, plain errors only. */
export const quietNpmFlags = [
  '--no-audit',
  '--no-fund',
  '--no-update-notifier',
  '--no-progress',
  '--color=false',
  '--loglevel=error',
];

/**
 * Runs npm (from PATH) asynchronously — the gate's backend half and, in tests, a registry in this
 * process go on meanwhile — and resolves to what happened; never rejects. A hang guard of 10 min:
 * npm's own fetch timeouts and retries end an unreachable registry sooner. A signal to this
 * process alone (a supervisor's SIGTERM) ends npm too (holdUntilInterrupt).
 */
export function runNpm(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<NpmRun> {
  return new Promise((done) => {
    const child = spawn('npm', args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    const held = holdUntilInterrupt({ child });
    // Our own guard, not spawn's `timeout`: that one's timer outlives a spawn that failed (ENOENT).
    const guard = setTimeout(() => child.kill('SIGKILL'), 600_000);
    const end = (run: NpmRun) => {
      clearTimeout(guard);
      held.release();
      done(run);
    };
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.once('error', (error) => end({ status: 1, stderr, spawnError: `npm: ${error.message}` }));
    child.once('close', (status, signal) => end({ status: status ?? 1, stderr, ...(signal ? { signal } : {}) }));
  });
}
