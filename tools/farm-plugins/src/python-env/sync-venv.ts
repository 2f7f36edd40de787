import { existsSync } from 'node:fs';
import { FarmError } from '../core/errors';
import { clearInstallPending, markInstallPending, readPendingInstalls } from '../workspace-io/pending-installs';
import { environmentProblem } from './python-lock';
import { runUv, runUvAfterWrite, type UvRun } from './uv';
import { venvDir, venvPython } from './venv-paths';

/**
 * Makes `.venv` hold exactly the packages of `lockFile` (uv pip sync: missing ones installed,
 * others — an uninstalled plugin's — removed, bytecode compiled), creating the venv from the
 * machine's python3 first when there is none (uv cannot download Python builds here). Returns
 * uv's summary line.
 * `compileBytecode: false` skips the compile (a throwaway venv that runs little, e.g. a test's).
 * Throws FARM_E101 when uv fails; the venv is uv's to keep consistent. A sync of `lockFile` an
 * interrupted change left owed (`.farm/install-pending.json`) is cleared once this one succeeded.
 */
export function syncVenv(workspaceRoot: string, lockFile: string, options: { compileBytecode?: boolean } = {}): string {
  if (!existsSync(venvPython(workspaceRoot)))
    createdOrThrow(runUv(createVenvArgs(workspaceRoot), { cwd: workspaceRoot }));
  const summary = summaryOrThrow(
    runUv(pipSyncArgs(workspaceRoot, lockFile, options), { cwd: workspaceRoot }),
    lockFile,
  );
  // The sync an interrupted change still owed is this one (`nx run backend:sync-deps`, as its message
  // says): done, so the next generator does not run it again.
  if (readPendingInstalls(workspaceRoot)?.python?.lockFile === lockFile) clearInstallPending(workspaceRoot, 'python');
  return summary;
}

/**
 * syncVenv after a generator's commit: uv runs held (runUvAfterWrite), so an interrupt ends it and
 * says the change is written and that `nx run <backend>:sync-deps` (or the next change) finishes
 * the install. Recorded in `.farm/install-pending.json` from before uv starts until it succeeded,
 * so the next generator syncs again first (finishPendingInstalls). Resolves to uv's summary line;
 * rejects with FARM_E101 when uv fails (the record stays).
 */
export async function syncVenvAfterWrite(workspaceRoot: string, lockFile: string, backend: string): Promise<string> {
  const afterWrite = `the Python install did not finish: run npx nx run ${backend}:sync-deps (the next change runs it too)`;
  const options = { cwd: workspaceRoot, afterWrite };
  markInstallPending(workspaceRoot, 'python', { lockFile, backend });
  if (!existsSync(venvPython(workspaceRoot)))
    createdOrThrow(await runUvAfterWrite(createVenvArgs(workspaceRoot), options));
  const summary = summaryOrThrow(await runUvAfterWrite(pipSyncArgs(workspaceRoot, lockFile, {}), options), lockFile);
  clearInstallPending(workspaceRoot, 'python');
  return summary;
}

function createVenvArgs(workspaceRoot: string): string[] {
  return ['venv', '--python', process.env.FARM_BASE_PYTHON ?? 'python3', venvDir(workspaceRoot)];
}

function createdOrThrow(created: UvRun): void {
  if (created.status !== 0) throw new FarmError([environmentProblem('cannot create .venv', created)]);
}

function pipSyncArgs(workspaceRoot: string, lockFile: string, options: { compileBytecode?: boolean }): string[] {
  // --compile-bytecode, as pip does by default: the backend and its runtime gate run with
  // PYTHONDONTWRITEBYTECODE (no __pycache__ in plugin folders), so nothing else ever compiles the
  // venv, and each gate compiled pymongo, pydantic.v1, ... from source (~0.5 s). The first sync
  // compiles every file (~2-4 s here); a later one only checks them (~0.1 s).
  const compile = options.compileBytecode === false ? [] : ['--compile-bytecode'];
  return ['pip', 'sync', ...compile, '--python', venvPython(workspaceRoot), lockFile];
}

/** uv's summary of a sync (`Installed 3 packages in 12ms; …`, or `up to date`); FARM_E101 when it failed. */
function summaryOrThrow(synced: UvRun, lockFile: string): string {
  if (synced.status !== 0) throw new FarmError([environmentProblem(`cannot install ${lockFile} into .venv`, synced)]);
  return (
    synced.stderr
      .trim()
      .split('\n')
      .filter((l) => /^(Resolved|Installed|Uninstalled|Audited|Prepared)/.test(l.trim()))
      .join('; ') || 'up to date'
  );
}
