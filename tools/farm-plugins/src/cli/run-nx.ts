import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/** What a supervisor or a closed terminal sends `farm` alone: passed on to nx, which holds the work. */
const forwarded = ['SIGTERM', 'SIGHUP'] as const;

/**
 * Runs the workspace's own nx (generators keep their all-or-nothing Tree semantics, executors
 * their cache), streaming its output, and resolves with its exit code — 128 + the signal's number
 * when a signal ended it, as a shell reports it (130 for Ctrl-C).
 *
 * While nx runs, `farm` waits for it whatever it is sent, as npm's run-script waits for a script:
 * the terminal's Ctrl-C reaches both (one foreground process group), and nx says what it did
 * and undid (an interrupted runtime gate prints one line and exits 130) before the prompt comes
 * back; SIGTERM and SIGHUP sent to `farm` are passed on to nx. Under `npx farm` / `npm run`, a
 * SIGTERM sent to npm alone is passed on as SIGTERM too (watchNpmShell).
 */
export function runNx(root: string, args: string[]): Promise<number> {
  const nx = require.resolve('nx/bin/nx', { paths: [root] });
  const child = spawn(process.execPath, [nx, ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NX_TUI: process.env.NX_TUI ?? 'false' },
  });
  const ignore = () => undefined;
  const passOn = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', ignore);
  for (const signal of forwarded) process.on(signal, passOn);
  const unwatch = watchNpmShell(() => passOn('SIGTERM'));
  return new Promise<number>((resolve) => {
    const settle = (code: number) => {
      unwatch();
      process.off('SIGINT', ignore);
      for (const signal of forwarded) process.off(signal, passOn);
      resolve(code);
    };
    child.once('error', () => settle(1));
    child.once('close', (status, signal) => settle(status ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1)));
  });
}

/**
 * Under npm's run-script (`npx farm`, `npm run` — npm sets `npm_lifecycle_script`) farm's parent
 * is the `sh -c` npm started: npm passes a SIGTERM it gets to that shell only
 * (@npmcli/run-script's signal-manager.js forwards SIGINT and SIGTERM to the child it spawned),
 * and Debian's sh (dash) dies of it without passing it on, so farm and nx were orphaned and ran on
 * (checked with npm 11.19). Calls `ended` once when the parent is gone (farm's parent pid changes:
 * Linux re-parents an orphan), polling every 250 ms; returns the stop function. Outside npm a
 * lost parent is not a signal: `nohup farm … &` must go on when its shell exits.
 */
function watchNpmShell(ended: () => void): () => void {
  if (process.env.npm_lifecycle_script === undefined) return () => undefined;
  const parent = process.ppid;
  const poll = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(poll);
    ended();
  }, 250);
  poll.unref();
  return () => clearInterval(poll);
}
