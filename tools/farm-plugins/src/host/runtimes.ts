import { spawnSync } from 'node:child_process';
import type { Runtimes } from '../core/graph';

/** The Python the backend runs on (see docs: only Debian's python3 has FastAPI here). */
export const pythonExecutable = process.env.FARM_PYTHON ?? '/usr/bin/python3';

let python: string | null | undefined;

/** Node's version always; Python's only when asked, since it costs a process spawn. */
export function detectRuntimes(needPython: boolean): Runtimes {
  if (needPython && python === undefined) {
    const result = spawnSync(pythonExecutable, ['--version'], { encoding: 'utf8' });
    python = result.status === 0 ? (result.stdout || result.stderr).trim().replace(/^Python\s+/, '') : null;
  }
  return { node: process.versions.node, python: python ?? undefined };
}
