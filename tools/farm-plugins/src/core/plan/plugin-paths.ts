import { posix } from 'node:path';
import { isPythonIdentifier } from '../emit/shared';

/**
 * A manifest path (`./routers/auth.py`) as a workspace-relative file, or the reason it is refused:
 * absolute paths, `..`, backslashes and NUL never leave the plugin folder.
 */
export function resolvePluginPath(root: string, path: string): { file: string } | { error: string } {
  // The usual `./dir/file.ext` under a normalised root: what posix.normalize + join would return,
  // without their cost (they ran ~17,000 times per integrate at 1,000 plugins).
  if (plainRelative.test(path) && isCleanPath(root))
    return { file: `${root}/${path.startsWith('./') ? path.slice(2) : path}` };
  if (path.includes('\0') || path.includes('\\')) return { error: `"${path}" contains a backslash or NUL` };
  if (posix.isAbsolute(path) || /^[A-Za-z]:/.test(path)) return { error: `"${path}" is absolute` };
  const normalized = posix.normalize(path);
  if (normalized === '..' || normalized.startsWith('../') || normalized.split('/').includes('..'))
    return { error: `"${path}" leaves the plugin folder` };
  if (normalized === '.' || normalized.endsWith('/')) return { error: `"${path}" is a folder, not a file` };
  return { file: posix.join(root, normalized) };
}

/** `libs/plugins/auth/routers/auth.py` → `farm_plugins.auth.routers.auth`, or why it cannot be imported. */
export function pythonModuleOf(root: string, file: string, alias: string): { module: string } | { error: string } {
  const inside = insideOf(root, file);
  if (!inside.endsWith('.py')) return { error: `"${inside}" is not a .py file` };
  const parts = inside.slice(0, -3).split('/');
  if (parts[parts.length - 1] === '__init__') parts.pop();
  const bad = parts.find((p) => !isPythonIdentifier(p));
  if (bad !== undefined) return { error: `"${inside}": "${bad}" is not a Python module name` };
  return { module: ['farm_plugins', alias, ...parts].join('.') };
}

const scriptExtension = /\.(tsx?|jsx?|mts|mjs)$/;

/**
 * An import specifier from `fromDir` to a plugin file, relative, extension kept: without it the
 * resolvers pick by their own order, and `Card.ts` beside a declared `Card.tsx` would win (issue 12).
 * The app's tsconfig allows `.ts`/`.tsx` specifiers; frontend-imports.ts refuses what they would
 * still read differently.
 */
export function relativeImport(fromDir: string, file: string): string {
  const relative = relativePath(fromDir, file);
  return relative.startsWith('.') ? relative : `./${relative}`;
}

export function isScriptFile(file: string): boolean {
  return scriptExtension.test(file);
}

/** Segments that are names: no `.`/`..`/empty segment, no leading dot, no backslash, colon or NUL. */
const plainRelative = /^(?:\.\/)?(?:[\w@+-][\w.@+-]*\/)*[\w@+-][\w.@+-]*$/;

const cleanPaths = new Map<string, boolean>();

/** Already what posix.normalize returns, and not `.` or ending in `/`: joining onto it is concatenation. */
function isCleanPath(path: string): boolean {
  let clean = cleanPaths.get(path);
  if (clean === undefined) {
    clean = path !== '' && path !== '.' && !path.endsWith('/') && posix.normalize(path) === path;
    if (cleanPaths.size > 10_000) cleanPaths.clear();
    cleanPaths.set(path, clean);
  }
  return clean;
}

/** posix.relative(root, file), taking the shortcut when `file` is plainly inside `root`. */
function insideOf(root: string, file: string): string {
  if (isCleanPath(root) && file.length > root.length + 1 && file.startsWith(root) && file[root.length] === '/') {
    const rest = file.slice(root.length + 1);
    if (plainRelative.test(rest) && !rest.startsWith('./')) return rest;
  }
  return posix.relative(root, file);
}

const relativeDirs = new Map<string, string>();

/**
 * posix.relative(fromDir, file), computed once per (fromDir, folder of file): the relative path
 * to `dir/base` is the one to `dir` plus `/base`, unless `fromDir` lies inside `dir/base` itself.
 */
function relativePath(fromDir: string, file: string): string {
  const slash = file.lastIndexOf('/');
  const dir = file.slice(0, slash);
  const base = file.slice(slash + 1);
  if (
    slash <= 0 ||
    !isCleanPath(fromDir) ||
    !isCleanPath(dir) ||
    !plainRelative.test(base) ||
    fromDir.startsWith('/') !== dir.startsWith('/') ||
    fromDir === file ||
    fromDir.startsWith(`${file}/`)
  ) {
    return posix.relative(fromDir, file);
  }
  const key = `${fromDir}\0${dir}`;
  let toDir = relativeDirs.get(key);
  if (toDir === undefined) {
    toDir = posix.relative(fromDir, dir);
    if (relativeDirs.size > 10_000) relativeDirs.clear();
    relativeDirs.set(key, toDir);
  }
  return toDir === '' ? base : `${toDir}/${base}`;
}
