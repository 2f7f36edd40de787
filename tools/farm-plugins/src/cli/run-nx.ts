import { spawnSync } from 'node:child_process';

/**
 * Runs the workspace's own nx (generators keep their all-or-nothing Tree semantics, executors
 * their cache), streaming its output. Returns the exit code.
 */
export function runNx(root: string, args: string[]): number {
  const nx = require.resolve('nx/bin/nx', { paths: [root] });
  const result = spawnSync(process.execPath, [nx, ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NX_TUI: process.env.NX_TUI ?? 'false' },
  });
  return result.status ?? 1;
}
