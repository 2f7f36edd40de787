import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { problem, type FarmProblem } from '../core/errors';
import type { LoadedManifest } from '../core/manifest';

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
 * `workspaceRoot`: absolute; the plugin's folder is `<workspaceRoot>/<loaded.root>`.
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
  const folder = resolve(root, loaded.root);
  const spec = dep.version ?? '';
  const path = npmSpecPath(root, dep.name, spec);
  if (path === undefined || within(folder, path, realOrSelf(folder), realOrSelf(path))) return undefined;
  const pointer = `/frontend/dependencies/${i}/version`;
  return problem(
    'FARM_E141',
    `npm dependency ${dep.name} is the path ${JSON.stringify(spec)}, which leads to ${realOrSelf(path)}, outside the plugin's folder ${loaded.root}: npm install would run that package's install scripts and package.json would keep the path`,
    {
      plugin: loaded.manifest.name,
      file: loaded.file,
      pointer,
      fix: `publish ${dep.name} to a registry and write its version range at ${pointer}, or move it into the plugin (file:${loaded.root}/vendor/<file>.tgz, made with npm pack)`,
    },
  );
}

/** Whether `path` is inside `folder`, both as written and with links resolved. */
function within(folder: string, path: string, realFolder: string, realPath: string): boolean {
  return inside(folder, path) && inside(realFolder, realPath);
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
