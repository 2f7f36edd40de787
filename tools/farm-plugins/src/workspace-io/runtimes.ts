import { workspaceRoot } from '@nx/devkit';
import { spawnSync } from 'node:child_process';
import type { Runtimes } from '../core/graph';
import { venvPython } from '../python-env';

/**
 * The Python the backend runs on: the workspace's `.venv` (docs/architecture.md), or `$FARM_PYTHON`.
 * The analyzer runs on it too, so it reads the plugins with the backend's own Python version.
 */
export const pythonExecutable = process.env.FARM_PYTHON ?? venvPython(workspaceRoot);

let python: string | null | undefined;

/** Node's version always; Python's only when asked, since it costs a process spawn. */
export function detectRuntimes(needPython: boolean): Runtimes {
  if (needPython && python === undefined) {
    const result = spawnSync(pythonExecutable, ['--version'], { encoding: 'utf8' });
    python = result.status === 0 ? (result.stdout || result.stderr).trim().replace(/^Python\s+/, '') : null;
  }
  return { node: process.versions.node, python: python ?? undefined };
}
