import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { problem, type FarmProblem } from '../core/errors';
import { projectNameOf, type LoadedManifest } from '../core/manifest';

/**
 * Where a declared npm spec points on disk when npm reads it as a path — `file:` (a folder or a
 * tarball), a bare path (`./x`, `../x`, `/x`, `~/x`), `git+file:` (a local repository), or
 * pnpm's and yarn's `link:` (npm refuses that one, but it names a folder all the same) — as an
 * absolute path, read relative to the workspace root as the root package.json reads it
 * (npm-package-arg's resolve with the workspace as `where`). Undefined for anything else (a
 * range, a tag, a registry alias, a URL).
 */
export function npmSpecPath(workspaceRoot: string, name: string, spec: string): string | undefined {
  if (spec.startsWith('link:')) return resolve(workspaceRoot, spec.slice('link:'.length));
  let parsed: { type?: string; fetchSpec?: string };
  try {
    parsed = require('npm-package-arg').resolve(name, spec, workspaceRoot);
  } catch {
    return undefined; // npm says what is wrong with it, located (npmInstallProblems).
  }
  if ((parsed.type === 'file' || parsed.type === 'directory') && parsed.fetchSpec) return parsed.fetchSpec;
  if (parsed.type === 'git' && parsed.fetchSpec?.startsWith('file:')) {
    try {
      return new URL(parsed.fetchSpec).pathname;
    } catch {
      return resolve(workspaceRoot, parsed.fetchSpec.slice('file:'.length));
    }
  }
  return undefined;
}

/**
 * FARM_E141 at `/frontend/dependencies/<i>/version` for each declared npm spec that is a path
 * (npmSpecPath) outside the plugin's own folder — written outside it, or reaching outside through
 * a symbolic link (realpath). Why: the `npm install` a generator runs after the change is written
 * runs that package's install scripts (preinstall, install, postinstall, prepare for a folder or
 * git repository — npm docs, "npm install" and "scripts"), and package.json then keeps a path to a
 * place nobody reviewed with the plugin (docs/security.md, "npm packages a plugin declares"). A
 * path inside the plugin's folder travels with it and is reviewed with it: allowed.
 * `workspaceRoot`: absolute. The spec is read from the workspace root, as package.json reads it, and
 * must lead into the folder the plugin has once installed (pluginInstallRoot) — also for a plugin
 * judged elsewhere before that (`farm plugin validate /tmp/src/weather`, `add` of a folder), whose
 * files are read from `<workspaceRoot>/<loaded.root>` until then (pluginPathNow).
 */
export function npmPathSpecProblems(loaded: LoadedManifest, workspaceRoot: string): FarmProblem[] {
  return (loaded.manifest.frontend?.dependencies ?? []).flatMap(
    (_, i) => npmPathSpecProblem(loaded, workspaceRoot, i) ?? [],
  );
}

/** npmPathSpecProblems for the `i`-th entry of `frontend.dependencies` alone: its FARM_E141, or undefined. */
export function npmPathSpecProblem(loaded: LoadedManifest, workspaceRoot: string, i: number): FarmProblem | undefined {
  const dep = loaded.manifest.frontend?.dependencies?.[i];
  if (dep === undefined) return undefined;
  const root = resolve(workspaceRoot);
  const spec = dep.version ?? '';
  const path = npmSpecPath(root, dep.name, spec);
  if (path === undefined) return undefined;
  // Judged where package.json will read it (the installed folder), and, links resolved, where the
  // files are now (the source folder, for a plugin not installed yet).
  const installed = resolve(root, pluginInstallRoot(loaded));
  const now = pluginPathNow(root, loaded, path);
  const source = resolve(root, loaded.root);
  if (inside(installed, path) && inside(realOrSelf(source), realOrSelf(now))) return undefined;
  const pointer = `/frontend/dependencies/${i}/version`;
  const installedRoot = pluginInstallRoot(loaded);
  // Written from the plugin's folder (`file:./vendor/x.tgz`)? Say what it meant, not only where it leads.
  const meant = inside(installed, path) ? undefined : pluginRelativeMeaning(root, installedRoot, dep.name, spec);
  if (meant !== undefined)
    return problem(
      'FARM_E141',
      `npm dependency ${dep.name} is the path ${JSON.stringify(spec)}, read from the workspace root as package.json reads it (not from the plugin's folder), which leads to ${path}, outside the plugin's folder ${installedRoot}`,
      {
        plugin: loaded.manifest.name,
        file: loaded.file,
        pointer,
        fix: `write "${meant}" at ${pointer}: the path from the workspace root to the file in the plugin's installed folder`,
      },
    );
  return problem(
    'FARM_E141',
    `npm dependency ${dep.name} is the path ${JSON.stringify(spec)}, which leads to ${realOrSelf(now)}, outside the plugin's folder ${installedRoot}${installedRoot === loaded.root ? '' : ` (where it is installed; it is read from ${loaded.root} until then)`}: npm install would run that package's install scripts and package.json would keep the path`,
    {
      plugin: loaded.manifest.name,
      file: loaded.file,
      pointer,
      fix: `publish ${dep.name} to a registry and write its version range at ${pointer}, or move it into the plugin (file:${installedRoot}/vendor/<file>.tgz, made with npm pack)`,
    },
  );
}

/**
 * The workspace-relative spec (`file:libs/plugins/<name>/vendor/x.tgz`) a relative path spec
 * meant when it was written relative to the plugin's own folder (`file:./vendor/x.tgz`, as npm
 * reads a dependency's own package.json) and, read so, stays inside it; else undefined.
 */
function pluginRelativeMeaning(root: string, installedRoot: string, name: string, spec: string): string | undefined {
  const body = spec.startsWith('file:') ? spec.slice('file:'.length) : spec;
  if (!/^\.{1,2}\/|^[^/~]/.test(body) || !/^(file:|\.{1,2}\/)/.test(spec)) return undefined;
  const installed = resolve(root, installedRoot);
  const path = npmSpecPath(installed, name, spec);
  if (path === undefined || !inside(installed, path)) return undefined;
  return `file:${relative(root, path).split('\\').join('/')}`;
}

/**
 * The folder a plugin has in the workspace once installed, relative to the workspace root (posix):
 * its own folder when it sits under `libs/plugins/` already, else `libs/plugins/<project name>`,
 * where `nx g @farm/plugins:add` copies it (obtain-plugin.ts). A plugin's path specs are written
 * for that folder (`file:libs/plugins/<name>/vendor/x-1.0.0.tgz`), since package.json keeps them
 * verbatim and npm reads the root package.json's `file:` specs from the workspace root (npm docs,
 * "package.json", Local Paths).
 */
export function pluginInstallRoot(loaded: LoadedManifest): string {
  if (/^libs\/plugins\/[^/]+$/.test(loaded.root)) return loaded.root;
  return `libs/plugins/${projectNameOf(loaded.manifest.name)}`;
}

/**
 * Where the file an absolute `path` names is now (absolute): a path inside the plugin's installed
 * folder (pluginInstallRoot) mapped into the folder its files are read from — `source` (absolute;
 * default `<workspaceRoot>/<loaded.root>`, e.g. the `/tmp/src/weather` that `farm plugin
 * validate` was given, or pluginFolderOnDisk's copy of a plugin only in the Tree); any other path
 * as it is. For a plugin installed and on disk both folders are one: the path is unchanged.
 */
export function pluginPathNow(workspaceRoot: string, loaded: LoadedManifest, path: string, source?: string): string {
  const root = resolve(workspaceRoot);
  const installed = resolve(root, pluginInstallRoot(loaded));
  const rel = relative(installed, path);
  if (rel.startsWith('..') || isAbsolute(rel)) return path;
  return resolve(source ?? resolve(root, loaded.root), rel);
}

function inside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * Whether `path` is really inside `folder` (both absolute), links resolved (realOrSelf): where the
 * files npm would read are. For the paths npm's own lockfile records (npm-tree-paths.ts).
 */
export function pathWithin(folder: string, path: string): boolean {
  return inside(realOrSelf(folder), realOrSelf(path));
}

/** The real path of `path`, or of its nearest existing ancestor joined with the rest (a path not made yet). */
export function realOrSelf(path: string): string {
  if (existsSync(path)) return realpathSync(path);
  const parent = resolve(path, '..');
  return parent === path ? path : resolve(realOrSelf(parent), relative(parent, path));
}
