import { join, posix } from 'node:path';

/** The backend's Python environment lives at the workspace root (docs/architecture.md). */
export const venvDir = (workspaceRoot: string) => join(workspaceRoot, '.venv');

/** `.venv/bin/python` of the workspace: what runs the backend, its tests and the analyzer. */
export const venvPython = (workspaceRoot: string) => join(venvDir(workspaceRoot), 'bin', 'python');

/** Where a backend host keeps the resolved lock of the venv (generated, committed). */
export const pythonLockPath = (backendRoot: string) => posix.join(backendRoot, 'requirements.lock');
