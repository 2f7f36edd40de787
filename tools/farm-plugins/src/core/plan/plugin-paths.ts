import { posix } from 'node:path';
import { isPythonIdentifier } from '../emit/shared';

/**
 * A manifest path (`./routers/auth.py`) as a workspace-relative file, or the reason it is refused:
 * absolute paths, `..`, backslashes and NUL never leave the plugin folder.
 */
export function resolvePluginPath(root: string, path: string): { file: string } | { error: string } {
  if (path.includes('\0') || path.includes('\\')) return { error: `"${path}" contains a backslash or NUL` };
  if (posix.isAbsolute(path) || /^[A-Za-z]:/.test(path)) return { error: `"${path}" is absolute` };
  const normalized = posix.normalize(path);
  if (normalized === '..' || normalized.startsWith('../') || normalized.split('/').includes('..')) return { error: `"${path}" leaves the plugin folder` };
  if (normalized === '.' || normalized.endsWith('/')) return { error: `"${path}" is a folder, not a file` };
  return { file: posix.join(root, normalized) };
}

/** `libs/plugins/auth/routers/auth.py` → `farm_plugins.auth.routers.auth`, or why it cannot be imported. */
export function pythonModuleOf(root: string, file: string, alias: string): { module: string } | { error: string } {
  const inside = posix.relative(root, file);
  if (!inside.endsWith('.py')) return { error: `"${inside}" is not a .py file` };
  const parts = inside.slice(0, -3).split('/');
  if (parts[parts.length - 1] === '__init__') parts.pop();
  const bad = parts.find((p) => !isPythonIdentifier(p));
  if (bad !== undefined) return { error: `"${inside}": "${bad}" is not a Python module name` };
  return { module: ['farm_plugins', alias, ...parts].join('.') };
}

const scriptExtension = /\.(tsx?|jsx?|mts|mjs)$/;

/** An import specifier from `fromDir` to a plugin file, relative, script extension dropped. */
export function relativeImport(fromDir: string, file: string): string {
  const relative = posix.relative(fromDir, file).replace(scriptExtension, '');
  return relative.startsWith('.') ? relative : `./${relative}`;
}

export function isScriptFile(file: string): boolean {
  return scriptExtension.test(file);
}
