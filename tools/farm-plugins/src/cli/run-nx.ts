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
 * back; SIGTERM and SIGHUP sent to `farm` are passed on to nx.
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
  return new Promise<number>((resolve) => {
    const settle = (code: number) => {
      process.off('SIGINT', ignore);
      for (const signal of forwarded) process.off(signal, passOn);
      resolve(code);
    };
    child.once('error', () => settle(1));
    child.once('close', (status, signal) => settle(status ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1)));
  });
}
