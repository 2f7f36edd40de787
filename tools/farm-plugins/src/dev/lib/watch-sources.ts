import { existsSync, readdirSync, statSync, watch, type Dirent, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { pluginsDir } from '../../core/manifest';
import { workspaceFile } from '../../core/workspace';
import type { SourceChange } from './affected-hosts';

export interface SourceWatcher {
  /** Folders and files actually watched (libs/plugins may not exist yet). */
  watched: string[];
  close(): void;
}

export interface WatchOptions {
  debounceMs: number;
  onBatch: (changes: SourceChange[]) => void;
  onError: (error: Error) => void;
}

// Never sources: caches, build output, the plugins' own generated config types (typegen writes
// them; integrate does not read them), editor swap and backup files.
const ignoredSegment = new Set([
  'node_modules',
  '__pycache__',
  '.pytest_cache',
  '.mypy_cache',
  '.ruff_cache',
  'dist',
  '.git',
]);
const ignoredName = /(^\.#|^#.*#$|~$|\.sw[a-p]$|\.tmp$|\.py[cod]$|^4913$|^\.DS_Store$)/;

/** Whether a workspace-relative path (forward slashes) under libs/plugins is a source worth reacting to. */
export function isWatchedSource(path: string): boolean {
  if (path === workspaceFile) return true;
  const parts = path.split('/');
  if (`${parts[0]}/${parts[1]}` !== pluginsDir || parts.length < 3) return false;
  if (parts.length > 3 && parts[3] === 'generated') return false; // libs/plugins/<name>/generated/**
  if (parts.some((p) => ignoredSegment.has(p))) return false;
  return !ignoredName.test(parts.at(-1)!);
}

/**
 * Watches libs/plugins/** and workspace.json with node's own fs.watch — no Nx daemon needed (`nx
 * watch` requires it). Events are collected for `debounceMs` after the last one, so an editor's
 * write-rename-chmod burst or a multi-file save becomes one batch.
 */
export function watchSources(workspaceRoot: string, options: WatchOptions): SourceWatcher {
  const watchers: FSWatcher[] = [];
  const watched: string[] = [];
  let pending: SourceChange[] = [];
  let timer: NodeJS.Timeout | undefined;
  const record = (path: string, kind: string) => {
    if (!isWatchedSource(path)) return;
    pending.push({ path, kind: kind === 'rename' ? 'rename' : 'change' });
    clearTimeout(timer);
    timer = setTimeout(() => {
      const batch = pending;
      pending = [];
      options.onBatch(batch);
    }, options.debounceMs);
  };
  const onError = (what: string) => (error: Error) => options.onError(new Error(`watching ${what}: ${error.message}`));

  // The root is watched flat, not workspace.json itself: editors save by renaming a new file over
  // the old one, which would leave a file watch looking at a deleted inode.
  const root = watch(workspaceRoot, (kind, name) => name && record(String(name), kind));
  root.on('error', onError(workspaceFile));
  watchers.push(root);
  watched.push(workspaceFile);
  const tree = existsSync(join(workspaceRoot, pluginsDir))
    ? watchTree(workspaceRoot, pluginsDir, record, onError(`${pluginsDir}/**`))
    : undefined;
  if (tree) watched.push(`${pluginsDir}/**`);
  return {
    watched,
    close() {
      clearTimeout(timer);
      watchers.forEach((w) => w.close());
      tree?.close();
    },
  };
}

/**
 * A recursive watch built from one flat watch per folder. Not `fs.watch(dir, { recursive: true })`:
 * on Linux, Node 20 implements that with a watch per *file*, which goes blind to a file after the
 * first save that renames a new file over it (what vim, JetBrains IDEs and our own generated-file
 * writer do). A folder watch reports every entry by name, whatever its inode.
 */
function watchTree(
  workspaceRoot: string,
  top: string,
  record: (path: string, kind: string) => void,
  onError: (error: Error) => void,
): { close(): void } {
  const folders = new Map<string, FSWatcher>();
  const add = (rel: string) => {
    if (folders.has(rel) || (rel !== top && !isWatchedSource(rel))) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(join(workspaceRoot, rel), (kind, name) => name && changed(rel, String(name), kind));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // gone already
      return onError(error as Error);
    }
    watcher.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ENOENT' || error.code === 'EPERM' ? remove(rel) : onError(error),
    );
    folders.set(rel, watcher);
    for (const entry of safeReaddir(join(workspaceRoot, rel))) if (entry.isDirectory()) add(`${rel}/${entry.name}`);
  };
  const remove = (rel: string) => {
    for (const [folder, watcher] of folders) {
      if (folder === rel || folder.startsWith(rel + '/')) {
        watcher.close();
        folders.delete(folder);
      }
    }
  };
  const changed = (folder: string, name: string, kind: string) => {
    const rel = `${folder}/${name}`;
    record(rel, kind);
    if (kind !== 'rename') return;
    // Created, moved in or removed: keep the set of watched folders in step.
    if (isDirectory(join(workspaceRoot, rel))) add(rel);
    else remove(rel);
  };
  add(top);
  return { close: () => remove(top) };
}

/** Every watched file and folder under libs/plugins now, workspace-relative. */
export function listSources(workspaceRoot: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of safeReaddir(join(workspaceRoot, rel))) {
      const child = `${rel}/${entry.name}`;
      if (!isWatchedSource(child)) continue;
      out.push(child);
      if (entry.isDirectory()) walk(child);
    }
  };
  walk(pluginsDir);
  return out.sort();
}

function safeReaddir(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
