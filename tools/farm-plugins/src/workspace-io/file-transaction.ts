import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { lockedByAnotherProcess } from './workspace-lock';

/** One file of a change: new contents, or null to delete it. Workspace-relative path. */
export interface FileChange {
  path: string;
  contents: Buffer | string | null;
}

interface Journal {
  id: string;
  state: 'prepare' | 'commit';
  entries: { path: string; staged: string | null }[];
  /**
   * Folders the change creates (workspace-relative, parents first), so a rollback removes them:
   * an empty libs/plugins/<name> left by a rolled-back `add` would make the retry refuse
   * (FARM_E007). Absent in journals written before it was recorded.
   */
  folders?: string[];
}

/** The journal of the change being written; its presence means a change was interrupted. */
export const journalPath = (workspaceRoot: string) => join(workspaceRoot, '.farm', 'transaction.json');

/**
 * Writes several files as one change that a kill at any instant cannot tear (write-ahead journal,
 * as databases do): the journal is written first (`prepare`), every new content is written
 * beside its target and fsynced, the journal flips to `commit` (an atomic rename), then each
 * target is replaced by a rename and deletions happen, and the journal goes. A reader sees each
 * file whole, old or new; after a kill, `recoverFileTransaction` (run first by every farm/nx
 * command) rolls a `prepare` back and a `commit` forward, so the workspace is the whole old or
 * the whole new one. Refuses paths outside the workspace. Order of `changes` is the order of the
 * renames: list the files that others import last (they switch to the new set last).
 */
export function commitFiles(workspaceRoot: string, changes: readonly FileChange[]): void {
  if (!changes.length) return;
  recoverFileTransaction(workspaceRoot);
  const id = `${process.pid}-${Date.now().toString(36)}`;
  const entries = changes.map((change) => {
    const target = inside(workspaceRoot, change.path);
    return {
      path: change.path,
      staged: change.contents === null ? null : join(dirname(target), `.${basename(target)}.farm-${id}`),
    };
  });
  const folders = missingFolders(
    workspaceRoot,
    entries.flatMap((e) => (e.staged ? [dirname(e.staged)] : [])),
  );
  const journal: Journal = {
    id,
    state: 'prepare',
    entries: entries.map((e) => ({ path: e.path, staged: e.staged && relative(workspaceRoot, e.staged) })),
    folders,
  };
  writeJournal(workspaceRoot, journal);
  changes.forEach((change, i) => {
    const staged = entries[i]!.staged; // one entry per change, in order
    if (staged === null) return;
    mkdirSync(dirname(staged), { recursive: true });
    writeDurably(staged, change.contents!);
  });
  writeJournal(workspaceRoot, { ...journal, state: 'commit' });
  applyJournal(workspaceRoot, { ...journal, state: 'commit' });
}

/**
 * Completes or undoes a change a kill interrupted (see commitFiles). Returns what it did, or
 * undefined when there was nothing to recover. Cheap when there is none: one existsSync. A journal
 * of a change another live process is writing (it holds the workspace lock, workspace-lock.ts) is
 * not an interrupted one: it is left alone.
 */
export function recoverFileTransaction(workspaceRoot: string): 'rolled back' | 'completed' | undefined {
  const path = journalPath(workspaceRoot);
  if (!existsSync(path) || lockedByAnotherProcess(workspaceRoot)) return undefined;
  let journal: Journal;
  try {
    journal = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    // A journal is only ever renamed into place whole; an unreadable one was never committed.
    rmSync(path, { force: true });
    return 'rolled back';
  }
  if (journal.state === 'commit') {
    applyJournal(workspaceRoot, journal);
    return 'completed';
  }
  for (const entry of journal.entries) if (entry.staged) removeStaged(join(workspaceRoot, entry.staged));
  for (const folder of [...(journal.folders ?? [])].reverse()) removeIfEmpty(inside(workspaceRoot, folder));
  rmSync(path, { force: true });
  return 'rolled back';
}

/** The folders (workspace-relative, parents first) that do not exist yet on the way to `targets`. */
function missingFolders(workspaceRoot: string, targets: readonly string[]): string[] {
  const missing = new Set<string>();
  for (const target of targets) {
    const chain: string[] = [];
    for (let folder = target; !existsSync(folder) && relative(workspaceRoot, folder) !== ''; folder = dirname(folder))
      chain.unshift(relative(workspaceRoot, folder));
    chain.forEach((folder) => missing.add(folder));
  }
  return [...missing].sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
}

/** A staged file, if it was written; its folder may be missing or be a file (the staging failed there). */
function removeStaged(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOTDIR') throw error;
  }
}

/** A folder the rolled-back change made, unless something else was put in it since. */
function removeIfEmpty(folder: string): void {
  try {
    rmdirSync(folder);
  } catch (error) {
    if (!['ENOENT', 'ENOTEMPTY', 'EEXIST'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  }
}

/** Idempotent: a staged file already renamed is simply gone; a deleted file already deleted is too. */
function applyJournal(workspaceRoot: string, journal: Journal): void {
  for (const entry of journal.entries) {
    const target = inside(workspaceRoot, entry.path);
    if (entry.staged === null) rmSync(target, { recursive: true, force: true });
    else if (existsSync(join(workspaceRoot, entry.staged))) renameSync(join(workspaceRoot, entry.staged), target);
  }
  rmSync(journalPath(workspaceRoot), { force: true });
}

function writeJournal(workspaceRoot: string, journal: Journal): void {
  const path = journalPath(workspaceRoot);
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${journal.state}`;
  writeDurably(temp, JSON.stringify(journal));
  renameSync(temp, path);
  syncFolder(dirname(path));
}

function writeDurably(path: string, contents: Buffer | string): void {
  writeFileSync(path, contents);
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncFolder(folder: string): void {
  try {
    const fd = openSync(folder, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not every platform can fsync a folder; the rename is still atomic.
  }
}

function inside(workspaceRoot: string, path: string): string {
  const target = resolve(workspaceRoot, path);
  if (relative(workspaceRoot, target).startsWith('..'))
    throw new Error(`refusing to write outside the workspace: ${path}`);
  return target;
}
