import { posix } from 'node:path';
import type { CodePath } from '../types';

/**
 * A path found in code as FARM compares it: workspace-relative (`libs/plugins/x/data.json`, or
 * starting with `..` when it climbs out of the workspace) or absolute (`/etc/passwd`).
 */
export function workspacePathOf(codePath: CodePath, sourceFile: string): string {
  if (codePath.anchor === 'abs') return posix.normalize(codePath.path);
  const base = codePath.anchor === 'file' ? posix.dirname(sourceFile) : '.';
  return posix.normalize(posix.join(base, codePath.path));
}

/** Whether a workspace-relative or absolute path lies inside the plugin folder `root`. */
export function isInsideFolder(root: string, path: string): boolean {
  if (posix.isAbsolute(path)) return false;
  const normalized = posix.normalize(path);
  return normalized === root || normalized.startsWith(`${root}/`);
}

/** Whether `path` is `entry` or below it; entries are workspace-relative or absolute folders or files. */
export function isCoveredBy(path: string, entry: string): boolean {
  const e = posix.normalize(entry.replace(/^\.\/+/, '')).replace(/\/+$/, '') || '/';
  const p = posix.normalize(path);
  return e === '/' ? posix.isAbsolute(p) : p === e || p.startsWith(`${e}/`);
}
