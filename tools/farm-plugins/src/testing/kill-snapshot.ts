import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every file (its bytes) and folder (null) of a workspace by relative path, except installs,
 * caches and FARM's own state: node_modules, .nx, .venv, .farm (the journal is checked on its
 * own), __pycache__. Folders count: an empty folder left by a rolled-back `add` would make the
 * next `add` of that plugin refuse (FARM_E007, "already exists").
 */
export type WorkspaceSnapshot = Map<string, Buffer | null>;

const skipped = new Set(['node_modules', '.nx', '.venv', '.farm', '__pycache__', '.git']);

/** Reads the whole workspace at `root` (a temp workspace: a few hundred files, ~20 ms). */
export function snapshotWorkspace(root: string): WorkspaceSnapshot {
  const snapshot: WorkspaceSnapshot = new Map();
  const walk = (folder: string) => {
    for (const entry of readdirSync(join(root, folder), { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      if (skipped.has(entry.name)) continue;
      const path = folder ? `${folder}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        snapshot.set(path, null);
        walk(path);
      } else if (entry.isFile()) snapshot.set(path, readFileSync(join(root, path)));
    }
  };
  walk('');
  return snapshot;
}

/**
 * Puts the workspace back as `snapshot` has it: files rewritten where their bytes differ, files
 * and folders it does not have removed (deepest first), its folders made.
 */
export function restoreWorkspace(root: string, snapshot: WorkspaceSnapshot): void {
  const now = snapshotWorkspace(root);
  const extra = [...now.keys()].filter((path) => !snapshot.has(path)).sort((a, b) => b.length - a.length);
  for (const path of extra) {
    if (now.get(path) === null) rmdirIfPresent(join(root, path));
    else rmSync(join(root, path), { force: true });
  }
  for (const [path, bytes] of snapshot) {
    if (bytes === null) mkdirSync(join(root, path), { recursive: true });
    else if (!now.get(path)?.equals(bytes)) writeFileSync(join(root, path), bytes);
  }
}

/** A folder emptied above may already have gone with its parent's rmSync of a file: fine. */
function rmdirIfPresent(path: string): void {
  if (existsSync(path)) rmdirSync(path);
}

/** How a workspace compares with the old and the new one: which it equals, or what is wrong. */
export interface SnapshotVerdict {
  outcome: 'old' | 'new' | 'torn';
  /** For 'torn': each path that matches neither, with what it is (0-byte, a size, missing, extra). */
  problems: string[];
}

/**
 * 'old' or 'new' when `actual` equals that snapshot exactly (every path, every byte); else
 * 'torn', naming the paths that differ from both — a 0-byte or cut file, a leftover staged file
 * (`.<name>.farm-<id>`), a missing or extra file or folder, or a mix of old and new files.
 */
export function compareWithSnapshots(
  actual: WorkspaceSnapshot,
  old: WorkspaceSnapshot,
  next: WorkspaceSnapshot,
): SnapshotVerdict {
  if (sameSnapshot(actual, old)) return { outcome: 'old', problems: [] };
  if (sameSnapshot(actual, next)) return { outcome: 'new', problems: [] };
  const problems: string[] = [];
  const paths = new Set([...actual.keys(), ...old.keys(), ...next.keys()]);
  for (const path of [...paths].sort()) {
    const is = actual.get(path);
    const wasOld = old.get(path);
    const wasNew = next.get(path);
    if (sameEntry(is, wasOld) || sameEntry(is, wasNew)) continue;
    problems.push(`${path}: ${describe(is)} (old: ${describe(wasOld)}, new: ${describe(wasNew)})`);
  }
  // Every path matches one side, yet the whole matches neither: some files old, some new.
  if (!problems.length) {
    const mixed = [...paths].filter((path) => !sameEntry(actual.get(path), old.get(path))).sort();
    problems.push(`a mix of old and new files; new: ${mixed.join(', ')}`);
  }
  return { outcome: 'torn', problems };
}

function sameSnapshot(a: WorkspaceSnapshot, b: WorkspaceSnapshot): boolean {
  if (a.size !== b.size) return false;
  for (const [path, bytes] of a) if (!b.has(path) || !sameEntry(bytes, b.get(path))) return false;
  return true;
}

/** undefined = absent, null = a folder, a Buffer = a file. */
function sameEntry(a: Buffer | null | undefined, b: Buffer | null | undefined): boolean {
  if (a === undefined || a === null || b === undefined || b === null) return a === b;
  return a.equals(b);
}

function describe(entry: Buffer | null | undefined): string {
  if (entry === undefined) return 'absent';
  if (entry === null) return 'a folder';
  return entry.length === 0 ? '0 bytes' : `${entry.length} bytes`;
}
