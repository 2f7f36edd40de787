import { existsSync, statSync } from 'node:fs';
import { posix } from 'node:path';
import type { AssetFileView } from './asset-file-view';

/**
 * Vite's default `resolve.extensions` (DEFAULT_EXTENSIONS in vite/src/node/constants.ts); the
 * app's vite.config.ts sets none of its own.
 */
const viteExtensions = ['.mjs', '.js', '.mts', '.ts', '.jsx', '.tsx', '.json'];

/** Where the frontend app is, for specifiers starting with `/` (workspace-relative). */
export interface ViteApp {
  /** The app's Vite root (its Nx project root, `root: appRoot` in vite.config.ts). */
  root: string;
  /** Its public folder (Vite's default `publicDir`: `<root>/public`). */
  publicDir: string;
}

/** A specifier without what follows its first `?` or `#` (Vite's splitFileAndPostfix). */
export function withoutQuery(specifier: string): string {
  const at = specifier.search(/[?#]/);
  return at < 0 ? specifier : specifier.slice(0, at);
}

/** Whether a specifier names a file by path (`./`, `../`, `/` but not `//`), not a package or a URL. */
export function isPathSpecifier(specifier: string): boolean {
  return (
    specifier.startsWith('./') ||
    specifier.startsWith('../') ||
    (specifier.startsWith('/') && !specifier.startsWith('//'))
  );
}

/**
 * The file Vite's build takes for a path specifier imported from `importer` (both
 * workspace-relative), or undefined when there is none — the rule of vite:resolve for files
 * (vite/src/node/plugins/resolve.ts, 8.x: tryFsResolve → tryCleanFsResolve), read through `view`:
 * the query and hash are cut off (`./a.svg?react` → `./a.svg`); the path is the file if it is
 * one; else, in an existing folder, a `.js`/`.jsx`/`.mjs`/`.cjs` name's TypeScript twin and the
 * path plus each default extension; else a folder's package.json or `index` plus an extension.
 * A `/…` specifier is a file of the app's public folder (vite:asset's checkPublicFile), else
 * relative to the app's root, else an absolute path on disk. Aliases are not applied: the app's
 * vite.config.ts declares none.
 */
export function viteResolvedFile(
  view: AssetFileView,
  importer: string,
  specifier: string,
  app: ViteApp,
): string | undefined {
  const file = withoutQuery(specifier);
  if (!file.startsWith('/')) return fsResolve(view, posix.join(posix.dirname(importer), file));
  for (const base of [app.publicDir, app.root]) {
    const found = fsResolve(view, posix.join(base, file.slice(1)));
    if (found) return found;
  }
  return absoluteFile(view, file);
}

/** tryCleanFsResolve over the view (workspace-relative path). */
function fsResolve(view: AssetFileView, path: string): string | undefined {
  if (view.isFile(path)) return path;
  if (view.isDirectory(posix.dirname(path))) {
    const ext = posix.extname(path);
    if (/^\.(?:js|mjs|cjs|jsx)$/.test(ext)) {
      const stem = path.slice(0, -ext.length);
      const twins = [stem + ext.replace('js', 'ts'), ...(ext === '.js' ? [`${stem}.tsx`] : [])];
      const twin = twins.find((candidate) => view.isFile(candidate));
      if (twin) return twin;
    }
    const withExtension = viteExtensions.map((e) => path + e).find((candidate) => view.isFile(candidate));
    if (withExtension) return withExtension;
  }
  if (view.isDirectory(path)) {
    if (view.isFile(posix.join(path, 'package.json'))) return posix.join(path, 'package.json');
    return viteExtensions.map((e) => posix.join(path, `index${e}`)).find((candidate) => view.isFile(candidate));
  }
  return undefined;
}

/** An absolute path: through the view inside the workspace, else the disk (a file only). */
function absoluteFile(view: AssetFileView, path: string): string | undefined {
  const root = view.root.endsWith('/') ? view.root : `${view.root}/`;
  if (path.startsWith(root)) return fsResolve(view, path.slice(root.length));
  try {
    return existsSync(path) && statSync(path).isFile() ? path : undefined;
  } catch {
    return undefined;
  }
}
