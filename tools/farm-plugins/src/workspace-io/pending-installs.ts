import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The installs a committed change still owes (issue 12, "nothing lost"), recorded the way the
 * journal records a commit rather than guessed afterwards from node_modules' mtimes: each install
 * after the write adds its entry before it starts and removes it once it succeeded, so an entry
 * left behind means that install was interrupted (a signal, `kill -9`, a crash) or failed.
 * `npm.packages`: the declared packages the install was to bring (those whose copies may be
 * half-extracted). `python`: the lock file `uv pip sync` was installing and the backend project
 * whose `sync-deps` target installs it.
 */
export interface PendingInstalls {
  npm?: { packages: string[] };
  python?: { lockFile: string; backend: string };
}

/** `<root>/.farm/install-pending.json`. */
export function pendingInstallsPath(workspaceRoot: string): string {
  return join(workspaceRoot, '.farm', 'install-pending.json');
}

/** The record, or undefined when no install is owed (no file; an unreadable one is treated as none). */
export function readPendingInstalls(workspaceRoot: string): PendingInstalls | undefined {
  try {
    const data = JSON.parse(readFileSync(pendingInstallsPath(workspaceRoot), 'utf8')) as PendingInstalls;
    if (typeof data !== 'object' || data === null) return undefined;
    return data.npm || data.python ? data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Records that `kind` is about to run (merged with what is already owed: npm's packages are
 * united, so a retry that is interrupted again still owes the first one's). Written whole through
 * a temp file and a rename, so a kill never leaves half a record.
 */
export function markInstallPending<K extends keyof PendingInstalls>(
  workspaceRoot: string,
  kind: K,
  what: NonNullable<PendingInstalls[K]>,
): void {
  const owed: PendingInstalls = readPendingInstalls(workspaceRoot) ?? {};
  if (kind === 'npm') {
    const packages = new Set([...(owed.npm?.packages ?? []), ...(what as { packages: string[] }).packages]);
    owed.npm = { packages: [...packages].sort() };
  } else owed[kind] = what;
  write(workspaceRoot, owed);
}

/** Records that `kind` finished; the file goes when nothing is owed any more. */
export function clearInstallPending(workspaceRoot: string, kind: keyof PendingInstalls): void {
  const owed = readPendingInstalls(workspaceRoot);
  if (owed?.[kind] === undefined) return;
  delete owed[kind];
  if (owed.npm || owed.python) write(workspaceRoot, owed);
  else rmSync(pendingInstallsPath(workspaceRoot), { force: true });
}

function write(workspaceRoot: string, owed: PendingInstalls): void {
  const path = pendingInstallsPath(workspaceRoot);
  mkdirSync(join(workspaceRoot, '.farm'), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(owed, null, 2)}\n`);
  renameSync(temp, path);
}
