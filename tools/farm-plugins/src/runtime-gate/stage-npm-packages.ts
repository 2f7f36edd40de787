import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FarmProblem } from '../core/errors';
import type { LoadedManifest } from '../core/manifest';
import { holdUntilInterrupt } from '../workspace-io/interrupt';
import { renameIntoPlace, reuseStagedSet, scratchFor } from '../workspace-io/staged-sets';
import { npmInstallProblems, type DeclaredNpmPackage, type NpmRun } from './npm-install-failure';

/** Where staged npm package sets are kept between gates (a cache: deleting it is safe). */
export const gateNpmCache = 'node_modules/.cache/farm/gate-npm';

/** The npm packages a gate staged, and the problems of those it could not. */
export interface StagedNpmPackages {
  /** Package name → absolute folder of its staged copy (`<set>/node_modules/<name>`). */
  packages: ReadonlyMap<string, string>;
  /** FARM_E090–E096/E116 at the declaring plugin's `/frontend/dependencies/<i>`, when npm failed. */
  problems: FarmProblem[];
}

/** Spawning npm: the environment whose PATH, HOME and `npm_config_*` npm reads (default process.env). */
export interface StageNpmOptions {
  env?: NodeJS.ProcessEnv;
}

/**
 * The npm twin of python-env's stageMissingPackages: installs the packages `plugins` declare in
 * `frontend.dependencies` that the workspace has not installed (no
 * `node_modules/<name>/package.json`), so the frontend's type check reads their real types before
 * the change is written and npm installs them for good (issue 12: `import { clsxx } from 'clsx'`
 * passed `add`, then `nx run frontend:typecheck` failed). Nothing missing — the usual case — costs
 * no process and no network.
 *
 * npm itself installs them (the real resolver, the workspace's registry and credentials), with
 * the declared specs as a package.json's dependencies, into `<workspace>/node_modules/.cache/farm/
 * gate-npm/<digest>` (gateNpmCache; digest of the sorted specs): a scratch folder renamed into
 * place, reused by the next gate that misses the same set, removed after a week unused. Flags:
 * `--ignore-scripts` (a package's lifecycle scripts never run here: this is before anyone agreed
 * to the change), `--legacy-peer-deps` (peers are not installed again: the staged copy climbs to
 * the workspace's `node_modules` for React, as the installed one will), `--no-package-lock
 * --no-save --no-workspaces`. npm runs in the workspace root with `--prefix <scratch>`; since npm
 * reads the project `.npmrc` from its prefix, the workspace's `.npmrc` is copied there for the
 * run (and removed before the set is kept: it may hold tokens), so registry, scoped registries
 * and auth apply as to `npm install`, with relative paths in it (`cafile=`) read from the
 * workspace root as npm reads them; the user config and `npm_config_*` come from `options.env`.
 *
 * Each name is staged once, with its first declaration (a clash of ranges is FARM_E102's, found
 * before the gate). Specs npm-package-arg does not accept are left alone (the type check then
 * says the module is missing). A failed npm is returned as problems (npmInstallProblems), never
 * thrown, so the caller can still check the other plugins.
 */
export async function stageNpmPackages(
  workspaceRoot: string,
  plugins: readonly LoadedManifest[],
  options: StageNpmOptions = {},
): Promise<StagedNpmPackages> {
  const root = resolve(workspaceRoot);
  const missing = notInstalledNpmPackages(root, plugins);
  if (!missing.length) return { packages: new Map(), problems: [] };
  const specs = missing.map((p) => [p.name, npmSpec(p, root)] as const);
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
      if (existsSync(join(root, '.npmrc'))) copyFileSync(join(root, '.npmrc'), join(scratch.path, '.npmrc'));
      const run = await runNpm(npmInstallArgs(scratch.path), root, options.env ?? process.env);
      if (run.status !== 0 || run.spawnError)
        return { packages: new Map(), problems: npmInstallProblems(run, missing) };
      rmSync(join(scratch.path, '.npmrc'), { force: true });
      renameIntoPlace(scratch.path, set);
    } finally {
      scratch.remove();
    }
  }
  const packages = new Map<string, string>();
  for (const { name } of missing) {
    const folder = join(set, 'node_modules', name);
    if (statSync(folder, { throwIfNoEntry: false })?.isDirectory()) packages.set(name, folder);
  }
  return { packages, problems: [] };
}

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
    '--no-audit',
    '--no-fund',
    '--no-update-notifier',
    '--no-progress',
    '--color=false',
    '--loglevel=error',
  ];
}

/**
 * The packages `plugins` declare in `frontend.dependencies` that `workspaceRoot` has not
 * installed (no `node_modules/<name>/package.json`), each name once (its first declaration, the
 * plugins in the order given), sorted by name; names npm would refuse are left out.
 */
export function notInstalledNpmPackages(
  workspaceRoot: string,
  plugins: readonly LoadedManifest[],
): DeclaredNpmPackage[] {
  const found = new Map<string, DeclaredNpmPackage>();
  for (const loaded of plugins)
    (loaded.manifest.frontend?.dependencies ?? []).forEach((dep, i) => {
      if (found.has(dep.name) || !validNpmName(dep.name)) return;
      if (existsSync(join(workspaceRoot, 'node_modules', dep.name, 'package.json'))) return;
      found.set(dep.name, {
        name: dep.name,
        range: dep.version || '*',
        plugin: loaded.manifest.name,
        file: loaded.file,
        pointer: `/frontend/dependencies/${i}`,
      });
    });
  return [...found.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A name npm installs into node_modules/<name> (validate-npm-package-name, as npm-package-arg checks it). */
function validNpmName(name: string): boolean {
  try {
    require('npm-package-arg').resolve(name, '*');
    return true;
  } catch {
    return false;
  }
}

/**
 * The spec npm is given for a declared package: the manifest's as written, but a `file:` spec
 * (a folder or tarball relative to the workspace, as the root package.json reads it) made
 * absolute, since npm reads the scratch package.json from another folder.
 */
function npmSpec(p: DeclaredNpmPackage, workspaceRoot: string): string {
  try {
    const parsed = require('npm-package-arg').resolve(p.name, p.range, workspaceRoot);
    if (parsed.type === 'file' || parsed.type === 'directory') return `file:${parsed.fetchSpec}`;
  } catch {
    // npm will say what is wrong with it, located (npmInstallProblems).
  }
  return p.range;
}

/**
 * Runs npm (from PATH) asynchronously — the gate's backend half and, in tests, a registry in this
 * process go on meanwhile — and resolves to what happened; never rejects. A hang guard of 10 min:
 * npm's own fetch timeouts and retries end an unreachable registry sooner.
 */
function runNpm(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<NpmRun> {
  return new Promise((done) => {
    const child = spawn('npm', args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    // A signal to this process alone (a supervisor's SIGTERM) ends npm too, before its scratch goes.
    const held = holdUntilInterrupt({ child });
    // Our own guard, not spawn's `timeout`: that one's timer outlives a spawn that failed (ENOENT).
    const guard = setTimeout(() => child.kill('SIGKILL'), 600_000);
    const end = (run: NpmRun) => {
      clearTimeout(guard);
      held.release();
      done(run);
    };
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.once('error', (error) => end({ status: 1, stderr, spawnError: `npm: ${error.message}` }));
    child.once('close', (status, signal) =>
      end({ status: status ?? 1, stderr: signal ? `${stderr}\nnpm error killed by ${signal}` : stderr }),
    );
  });
}
