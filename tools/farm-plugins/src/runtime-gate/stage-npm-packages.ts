import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { problem, type FarmProblem } from '../core/errors';
import type { LoadedManifest } from '../core/manifest';
import { renameIntoPlace, reuseStagedSet, scratchFor } from '../workspace-io/staged-sets';
import { npmInstallProblems, type DeclaredNpmPackage } from './npm-install-failure';
import { installedAsDeclared, readNpmRecord, type NpmRecord } from './npm-installed';
import { npmInstallPreviewProblems } from './npm-install-preview';
import { npmPathSpecProblem, npmSpecPath, pluginPathNow } from './npm-path-specs';
import { pluginFolderOnDisk, type PendingFiles } from './pending-plugin-folders';
import { stagedTreePathProblems } from './npm-tree-paths';
import { quietNpmFlags, runNpm } from './run-npm';

/** Where staged npm package sets are kept between gates (a cache: deleting it is safe). */
export const gateNpmCache = 'node_modules/.cache/farm/gate-npm';

/** The npm packages a gate staged, and the problems of those it could not. */
export interface StagedNpmPackages {
  /** Package name → absolute folder of its staged copy (`<set>/node_modules/<name>`). */
  packages: ReadonlyMap<string, string>;
  /**
   * FARM_E090–E096/E102/E116 at the declaring plugin's `/frontend/dependencies/<i>`, when npm (its
   * preview of the workspace's install, or the staging) failed; FARM_E003 for a name npm refuses.
   */
  problems: FarmProblem[];
}

/** Spawning npm: the environment whose PATH, HOME and `npm_config_*` npm reads (default process.env). */
export interface StageNpmOptions {
  env?: NodeJS.ProcessEnv;
  /**
   * The change not written yet (the generator's Tree): a plugin only there has its own `file:`
   * tarballs read from a copy of its Tree files (pluginFolderOnDisk), since npm reads them from disk.
   */
  pending?: PendingFiles;
}

/**
 * The npm twin of python-env's stageMissingPackages: installs the packages `plugins` declare in
 * `frontend.dependencies` that the workspace does not have as declared (npmPackagesToStage: not
 * in `node_modules/<name>`, or there at a version outside the declared range), so the frontend's
 * type check reads their real types before the change is written and npm installs them for good
 * (issue 12: `import { clsxx } from 'clsx'` passed `add`, then `nx run frontend:typecheck`
 * failed). Nothing to stage — the usual case — costs no process and no network.
 *
 * Before staging, npm itself is asked whether the workspace's `npm install` after the write will
 * accept them (npmInstallPreviewProblems: `npm install --dry-run` in the workspace root, which
 * writes nothing): a peer conflict with the workspace's packages (ERESOLVE), a version or name
 * the registry lacks, an unreachable registry are problems now, not a failed install after the
 * workspace changed — also when the set is already staged (a cached set says nothing about
 * today's registry). Packages npm refused are not staged; the others are. A name npm refuses to
 * install (validate-npm-package-name: `../../evil`, `Evil Name`) is FARM_E003 at its
 * `/frontend/dependencies/<i>/name`, before any npm runs.
 *
 * npm stages them (the real resolver, the workspace's registry and credentials), with the
 * declared specs as a package.json's dependencies, into `<workspace>/node_modules/.cache/farm/
 * gate-npm/<digest>` (gateNpmCache; digest of the sorted specs): a scratch folder renamed into
 * place, reused by the next gate that stages the same set, removed after a week unused. Flags:
 * `--ignore-scripts` (a package's lifecycle scripts never run here: this is before anyone agreed
 * to the change), `--legacy-peer-deps` (peers are not installed again: the staged copy climbs to
 * the workspace's `node_modules` for React, as the installed one will; the preview above judged
 * the peers), `--no-package-lock --no-save --no-workspaces`. npm runs in the workspace root with
 * `--prefix <scratch>`; since npm reads the project `.npmrc` from its prefix, the scratch's
 * `.npmrc` is a symbolic link to the workspace's (never a copy: a scratch a `kill -9` leaves
 * behind holds no token), so registry, scoped registries and auth apply as to `npm install`,
 * with relative paths in it (`cafile=`) read from the workspace root as npm reads them; the user
 * config and `npm_config_*` come from `options.env`.
 *
 * Staging is where npm's whole tree for the declared packages is known before the write: a
 * package in it that npm took from a local path outside the declaring plugin's folder (a
 * dependency of a dependency: `file:/tmp/evil` inside a tarball the plugin ships) is FARM_E141 at
 * the declaration's `/version` (stagedTreePathProblems, read from the set's hidden lockfile, for a
 * cached set too), and that package is not returned as staged. Nothing's scripts ran to learn it.
 *
 * Each name is staged once, with its first declaration (a clash of ranges is FARM_E102's, found
 * before the gate). A failed npm is returned as problems (npmInstallProblems), never thrown, so
 * the caller can still check the other plugins.
 */
export async function stageNpmPackages(
  workspaceRoot: string,
  plugins: readonly LoadedManifest[],
  options: StageNpmOptions = {},
): Promise<StagedNpmPackages> {
  const root = resolve(workspaceRoot);
  const env = options.env ?? process.env;
  const sourceOf = pluginSources(root, options.pending);
  const { packages: wanted, refused } = npmPackagesToStage(root, plugins, sourceOf);
  if (!wanted.length) return { packages: new Map(), problems: refused };
  const loadedOf = new Map(plugins.map((p) => [p.manifest.name, p]));
  const specOf = new Map(wanted.map((p) => [p.name, npmSpec(p, root, loadedOf.get(p.plugin), sourceOf)]));
  const previewProblems = await npmInstallPreviewProblems(root, wanted, specOf, env);
  // A problem of one package (not found, no version, a conflict) leaves the others to stage; one of
  // the registry or of npm (unreachable, refused, npm missing) would only fail again.
  const failed = new Set(previewProblems.map((p) => `${p.file}\t${p.pointer}`));
  const packageProblems = previewProblems.every((p) => packageCodes.has(p.code));
  const missing = packageProblems ? wanted.filter((p) => !failed.has(`${p.file}\t${p.pointer}`)) : [];
  if (!missing.length) return { packages: new Map(), problems: [...refused, ...previewProblems] };
  const specs = missing.map((p) => [p.name, specOf.get(p.name)!] as const);
  const digest = createHash('sha256')
    .update(specs.map(([name, spec]) => `${name}\t${spec}\n`).join(''))
    .digest('hex')
    .slice(0, 32);
  const cache = join(root, gateNpmCache);
  const set = join(cache, digest);
  if (!reuseStagedSet(set)) {
    const scratch = scratchFor(cache, set);
    try {
      mkdirSync(scratch.path);
      writeFileSync(
        join(scratch.path, 'package.json'),
        JSON.stringify({ private: true, dependencies: Object.fromEntries(specs) }, null, 2),
      );
      if (existsSync(join(root, '.npmrc'))) symlinkSync(join(root, '.npmrc'), join(scratch.path, '.npmrc'));
      const run = await runNpm(npmInstallArgs(scratch.path), root, env);
      if (run.status !== 0 || run.spawnError)
        return {
          packages: new Map(),
          problems: [...refused, ...previewProblems, ...npmInstallProblems(run, missing)],
        };
      rmSync(join(scratch.path, '.npmrc'), { force: true });
      renameIntoPlace(scratch.path, set);
    } finally {
      scratch.remove();
    }
  }
  // What npm took from a local path at any depth, read from the set's own lockfile — also for a
  // set reused from the cache, so the cache never vouches for a tree nobody judged.
  // A Tree-only plugin's copy is made only when it ships a package (a path spec) npm took from it.
  const folderOf = (p: LoadedManifest) => (declaresPathSpec(root, p) ? sourceOf(p) : resolve(root, p.root));
  const treeProblems = stagedTreePathProblems(
    set,
    missing.map((declared) => ({ declared, pluginFolder: folderOf(loadedOf.get(declared.plugin)!) })),
  );
  const outside = new Set(treeProblems.map((p) => `${p.file}\t${p.pointer}`));
  const packages = new Map<string, string>();
  for (const { name, file, pointer } of missing) {
    if (outside.has(`${file}\t${pointer}/version`)) continue;
    const folder = join(set, 'node_modules', name);
    if (statSync(folder, { throwIfNoEntry: false })?.isDirectory()) packages.set(name, folder);
  }
  return { packages, problems: [...refused, ...previewProblems, ...treeProblems] };
}

/** Preview codes that are one package's, not the registry's or npm's (see stageNpmPackages). */
const packageCodes = new Set<string>(['FARM_E092', 'FARM_E094', 'FARM_E096', 'FARM_E102']);

/** npm's arguments for installing a scratch folder's package.json (see stageNpmPackages for why each). */
export function npmInstallArgs(prefix: string): string[] {
  return [
    'install',
    '--prefix',
    prefix,
    '--ignore-scripts',
    '--legacy-peer-deps',
    '--no-save',
    '--no-package-lock',
    '--no-workspaces',
    ...quietNpmFlags,
  ];
}

/**
 * The packages `plugins` declare in `frontend.dependencies` that `workspaceRoot` does not have as
 * declared, each name once (its first declaration, the plugins in the order given), sorted by
 * name — and, as FARM_E003 at `/frontend/dependencies/<i>/name`, the names npm refuses to
 * install (validate-npm-package-name, as npm-package-arg checks it: `../../evil`, `Evil Name`;
 * such a name would otherwise reach package.json and fail `npm install` after the write).
 *
 * A package is had as declared when npm's own record vouches for `node_modules/<name>` and the
 * copy is one npm keeps for the declared spec (installedAsDeclared, npm-installed.ts: the hidden
 * lockfile `node_modules/.package-lock.json` lists it and is not older than its folder, and
 * arborist's dep-valid accepts it), since then `npm install` keeps that copy and the app's
 * typecheck reads it. A copy an interrupted install left half-extracted is not had: it is staged
 * (and the install after the write extracts it again, addNpmDependencies). A copy outside the
 * range (minimatch 10 hoisted for another package, the plugin declaring `^3.1.2`) is staged at
 * the declared range, and the gate's node_modules shows that copy. A path spec leading outside
 * the plugin's folder is FARM_E141 at its `/version` (npmPathSpecProblems) and never reaches npm.
 */
export function npmPackagesToStage(
  workspaceRoot: string,
  plugins: readonly LoadedManifest[],
  sourceOf: PluginSource = (loaded) => resolve(workspaceRoot, loaded.root),
): { packages: DeclaredNpmPackage[]; refused: FarmProblem[] } {
  const found = new Map<string, DeclaredNpmPackage>();
  const refused: FarmProblem[] = [];
  // npm's record of what node_modules holds: read once, and only when something is declared.
  let record: { read: NpmRecord | undefined } | undefined;
  for (const loaded of plugins)
    (loaded.manifest.frontend?.dependencies ?? []).forEach((dep, i) => {
      const pointer = `/frontend/dependencies/${i}`;
      const rejection = npmNameRejection(dep.name);
      if (rejection !== undefined) {
        refused.push(
          problem(
            'FARM_E003',
            `npm refuses the package name ${JSON.stringify(dep.name)} (declared in frontend.dependencies): ${rejection}; npm install would fail after the change is written`,
            {
              plugin: loaded.manifest.name,
              file: loaded.file,
              pointer: `${pointer}/name`,
              fix: `write the package's npm name at ${pointer}/name (lowercase, no spaces, no path segments: name or @scope/name)`,
            },
          ),
        );
        return;
      }
      if (found.has(dep.name)) return;
      const range = dep.version || '*';
      const pathProblem = versionReadAsPath(workspaceRoot, dep.name, range, (path) =>
        pluginPathNow(workspaceRoot, loaded, path, sourceOf(loaded)),
      );
      if (pathProblem !== undefined) {
        refused.push(
          problem('FARM_E003', `npm reads the version ${JSON.stringify(range)} of ${dep.name} as ${pathProblem}`, {
            plugin: loaded.manifest.name,
            file: loaded.file,
            pointer: `${pointer}/version`,
            fix: `write a semver range, version or tag at ${pointer}/version (or \`file:<path>\` to a folder or tarball that exists)`,
          }),
        );
        return;
      }
      const outside = npmPathSpecProblem(loaded, workspaceRoot, i);
      if (outside !== undefined) {
        refused.push(outside);
        return;
      }
      record ??= { read: readNpmRecord(workspaceRoot) };
      if (installedAsDeclared(workspaceRoot, dep.name, range, record.read)) return;
      found.set(dep.name, { name: dep.name, range, plugin: loaded.manifest.name, file: loaded.file, pointer });
    });
  return {
    packages: [...found.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    refused,
  };
}

/** Whether `loaded` declares an npm package by a path (npmSpecPath): one its own folder may hold. */
function declaresPathSpec(workspaceRoot: string, loaded: LoadedManifest): boolean {
  return (loaded.manifest.frontend?.dependencies ?? []).some(
    (dep) => npmSpecPath(workspaceRoot, dep.name, dep.version ?? '') !== undefined,
  );
}

/** The absolute folder a plugin's files are read from now (pluginFolderOnDisk). */
type PluginSource = (loaded: LoadedManifest) => string;

/** pluginFolderOnDisk for each plugin, once (a copy of a Tree-only plugin is made on first need). */
function pluginSources(workspaceRoot: string, pending: PendingFiles | undefined): PluginSource {
  const known = new Map<LoadedManifest, string>();
  return (loaded) => {
    let folder = known.get(loaded);
    if (folder === undefined) known.set(loaded, (folder = pluginFolderOnDisk(workspaceRoot, loaded, pending)));
    return folder;
  };
}

/** Why npm refuses `name` as a package name (validate-npm-package-name via npm-package-arg), else undefined. */
function npmNameRejection(name: string): string | undefined {
  try {
    const parsed = require('npm-package-arg').resolve(name, '*');
    return parsed.name === name ? undefined : `npm reads it as ${JSON.stringify(parsed.name)}`;
  } catch (error) {
    return (error as Error).message.replace(/\s+/g, ' ');
  }
}

/**
 * Why npm would read a declared version as a path nobody meant (npm-package-arg: a spec with a
 * `/` that is no range is a folder, e.g. `^2.1.0 --registry=http://x` — npm then links a folder
 * that does not exist and the install "succeeds" with a dangling link): a path not written as
 * one (`file:`, `./`, `../`, `/`, `~/`), or one that does not exist — where the file is now
 * (`now`: pluginPathNow, the plugin's own files read from its source folder until it is
 * installed). Undefined when fine.
 */
function versionReadAsPath(
  workspaceRoot: string,
  name: string,
  range: string,
  now: (path: string) => string,
): string | undefined {
  let parsed: { type?: string; fetchSpec?: string };
  try {
    parsed = require('npm-package-arg').resolve(name, range, workspaceRoot);
  } catch {
    return undefined; // npm says what is wrong with it, located (npmInstallProblems).
  }
  if (parsed.type !== 'file' && parsed.type !== 'directory') return undefined;
  if (!/^(file:|\.{1,2}\/|\/|~\/)/.test(range)) return `a path (${parsed.fetchSpec}), not a version`;
  return parsed.fetchSpec && existsSync(now(parsed.fetchSpec))
    ? undefined
    : `a path that does not exist (${parsed.fetchSpec})`;
}

/**
 * The spec npm is given for a declared package: the manifest's as written, but a `file:` spec
 * (a folder or tarball relative to the workspace, as the root package.json reads it) made
 * absolute, since npm reads the scratch package.json from another folder — and where the file
 * is now (pluginPathNow: a plugin not installed yet has it in its source folder).
 */
function npmSpec(
  p: DeclaredNpmPackage,
  workspaceRoot: string,
  loaded: LoadedManifest | undefined,
  sourceOf: PluginSource,
): string {
  try {
    const parsed = require('npm-package-arg').resolve(p.name, p.range, workspaceRoot);
    if (parsed.type === 'file' || parsed.type === 'directory')
      return `file:${loaded ? pluginPathNow(workspaceRoot, loaded, parsed.fetchSpec, sourceOf(loaded)) : parsed.fetchSpec}`;
  } catch {
    // npm will say what is wrong with it, located (npmInstallProblems).
  }
  return p.range;
}
