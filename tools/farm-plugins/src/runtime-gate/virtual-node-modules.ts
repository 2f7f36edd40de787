import { existsSync, realpathSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { readTextOrNull } from '../workspace-io/read-text';
import { readFolder } from './folder-listing';

/** A folder listing as TypeScript 7's API wants it. */
export interface FolderEntries {
  files: string[];
  directories: string[];
}

/**
 * The file system calls of the frontend gate's compiler for the node_modules folders it must see
 * and the disk does not have; each answers undefined for every other path ("ask the disk").
 */
export interface VirtualNodeModules {
  readFile(path: string): string | null | undefined;
  fileExists(path: string): boolean | undefined;
  directoryExists(path: string): boolean | undefined;
  realpath(path: string): string | undefined;
  getAccessibleEntries(path: string): FolderEntries | undefined;
}

/**
 * node_modules as the change will leave it, without writing it (stageNpmPackages, issue 12):
 *
 * - each staged package (name → the absolute folder of its staged copy) appears at
 *   `<workspace>/node_modules/<name>` (scoped names too): listings of `node_modules` and
 *   `node_modules/@scope` include it, a scope folder the disk lacks exists, and realpaths go to
 *   the staged copy, so its own dependencies resolve from the staged tree and its peers (React)
 *   by climbing from there to the workspace's node_modules, as after the install;
 * - plugin folders outside the workspace (`farm plugin validate ../my-plugin`) are checked as
 *   `add` would install them, under the workspace: their `node_modules/<path>` that the disk
 *   lacks stands for the workspace's `node_modules/<path>` (staged packages included), as Node
 *   and TypeScript climb to it; realpaths go to the workspace's files, so React's types are one
 *   copy, as in the app.
 *
 * Nothing staged and no outside folder (the usual case): every call answers undefined at once.
 */
export function virtualNodeModules(
  workspaceRoot: string,
  pluginRoots: readonly string[],
  staged: ReadonlyMap<string, string>,
): VirtualNodeModules {
  const packages = join(workspaceRoot, 'node_modules');
  const outside = pluginRoots
    .filter((folder) => folder !== workspaceRoot && !folder.startsWith(workspaceRoot + sep))
    .map((folder) => join(folder, 'node_modules'));
  const scopes = new Map<string, string[]>();
  const unscoped: string[] = [];
  for (const name of [...staged.keys()].sort()) {
    const [scope, rest] = name.startsWith('@') ? name.split('/') : [];
    if (scope === undefined || rest === undefined) unscoped.push(name);
    else scopes.set(join(packages, scope), [...(scopes.get(join(packages, scope)) ?? []), rest]);
  }

  /** The workspace path an outside plugin's missing node_modules path stands for (else the path). */
  const inWorkspace = (path: string): string => {
    const link = outside.find((l) => path === l || path.startsWith(l + sep));
    return link === undefined || existsSync(path) ? path : packages + path.slice(link.length);
  };
  /** The staged copy's path for a workspace node_modules path inside a staged package, else undefined. */
  const inStaged = (path: string): string | undefined => {
    if (!path.startsWith(packages + sep)) return undefined;
    const segments = path.slice(packages.length + 1).split(sep);
    const length = segments[0]?.startsWith('@') ? 2 : 1;
    const folder = staged.get(segments.slice(0, length).join('/'));
    return folder === undefined ? undefined : join(folder, ...segments.slice(length));
  };
  /** The real path a virtual path stands for, or undefined when the disk answers as is. */
  const target = (path: string): string | undefined => {
    const mapped = inWorkspace(path);
    return inStaged(mapped) ?? (mapped === path ? undefined : mapped);
  };
  /** A scope folder only staged packages make (the disk has no `node_modules/@scope`). */
  const virtualScope = (path: string): boolean => {
    const mapped = inWorkspace(path);
    return scopes.has(mapped) && !isDirectory(mapped);
  };

  if (!outside.length && !staged.size) {
    const disk = () => undefined;
    return { readFile: disk, fileExists: disk, directoryExists: disk, realpath: disk, getAccessibleEntries: disk };
  }
  return {
    readFile: (path) => {
      const real = target(path);
      return real === undefined ? undefined : readTextOrNull(real);
    },
    fileExists: (path) => {
      const real = target(path);
      return real === undefined ? undefined : isFile(real);
    },
    directoryExists: (path) => {
      if (virtualScope(path)) return true;
      const real = target(path);
      return real === undefined ? undefined : isDirectory(real);
    },
    realpath: (path) => {
      if (virtualScope(path)) return path;
      const real = target(path);
      return real === undefined ? undefined : realpathOrSelf(real);
    },
    getAccessibleEntries: (path) => {
      const mapped = inWorkspace(path);
      const added =
        mapped === packages
          ? [...unscoped, ...[...scopes.keys()].map((s) => s.slice(packages.length + 1))]
          : scopes.get(mapped);
      const real = target(path);
      if (!added?.length) return real === undefined ? undefined : entriesOf(real);
      const listed = entriesOf(real ?? mapped) ?? { files: [], directories: [] };
      const directories = new Set(listed.directories);
      for (const name of added) directories.add(name);
      return { files: listed.files.filter((f) => !directories.has(f)), directories: [...directories] };
    },
  };
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** A folder's files and folders (links followed), as the compiler's directory listing wants them. */
export function entriesOf(path: string): FolderEntries | undefined {
  const listed = readFolder(path);
  return listed && { files: [...listed.files], directories: [...listed.directories] };
}
