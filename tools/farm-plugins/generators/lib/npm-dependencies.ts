import {
  addDependenciesToPackageJson,
  detectPackageManager,
  getPackageManagerCommand,
  logger,
  readJson,
  updateJson,
  type GeneratorCallback,
  type Tree,
} from '@nx/devkit';
import { lstatSync, realpathSync } from 'node:fs';
import { join, relative } from 'node:path';
import semver from 'semver';
import { FarmError, problem, type FarmProblem } from '../../src/core/errors';
import type { ResolvedPlugin } from '../../src/core/graph';
import type { FarmState } from '../../src/core/state';
import { installedAsDeclared, readNpmRecord } from '../../src/runtime-gate/npm-installed';
import { npmPathSpecProblem } from '../../src/runtime-gate/npm-path-specs';
import { clearInstallPending, markInstallPending } from '../../src/workspace-io/pending-installs';
import { runAfterWrite } from '../../src/workspace-io/run-after-write';

interface Wanted {
  range: string;
  plugin: string;
  file: string;
  pointer: string;
}

/**
 * Adds the installed plugins' `frontend.dependencies` to the root package.json the Nx way
 * (`addDependenciesToPackageJson`, whose callback runs the package manager's install after the
 * Tree is written). A range the workspace already has is kept when it intersects the plugin's
 * (semver.intersects, as npm reads ranges); a range that does not — against package.json or
 * another active plugin — is FARM_E102 naming both owners, thrown before anything is written;
 * so is a spec naming one source (a `file:` tarball, a URL, git) next to another spec
 * (specsAgree: package.json keeps its own, and the plugin's would never be installed).
 * Returns undefined when package.json already has everything and node_modules has it
 * (installedAsDeclared: npm's hidden lockfile lists the copy and npm keeps it for the range;
 * files the user added to it are the user's business); otherwise the install runs again. A copy
 * an interrupted install half-extracted is repaired before the generator runs, from the record
 * that install left (finishPendingInstalls, commit-atomically.ts), not here. A `file:`/path spec that leads outside its plugin's folder and would
 * be added to package.json is FARM_E141 (npmPathSpecProblems), thrown before anything is written. The install is skipped, with a
 * warning, when node_modules is a link out of the workspace: installing there would change
 * another project's packages.
 *
 * `plugins`: the active ones (in resolvePluginGraph's order), then the disabled ones — the app's
 * tsconfig type-checks every plugin folder, so a disabled plugin's imports must resolve too.
 */
export function addNpmDependencies(
  tree: Tree,
  plugins: readonly Pick<ResolvedPlugin, 'name' | 'loaded'>[],
): GeneratorCallback | undefined {
  const pkg = readJson<{ dependencies?: Record<string, string>; devDependencies?: Record<string, string> }>(
    tree,
    'package.json',
  );
  const present = { ...pkg.devDependencies, ...pkg.dependencies };
  const wanted = new Map<string, Wanted>();
  const problems: FarmProblem[] = [];
  for (const plugin of plugins) {
    (plugin.loaded.manifest.frontend?.dependencies ?? []).forEach((dep, i) => {
      const at: Wanted = {
        range: dep.version || '*',
        plugin: plugin.name,
        file: plugin.loaded.file,
        pointer: `/frontend/dependencies/${i}`,
      };
      const other = wanted.get(dep.name);
      const existing = present[dep.name];
      // A path outside its plugin's folder never reaches package.json: npm install would run its scripts.
      const outside = existing === undefined ? npmPathSpecProblem(plugin.loaded, tree.root, i) : undefined;
      if (outside !== undefined) {
        problems.push(outside);
        return;
      }
      const clash = (range: string, owner: string) =>
        problem(
          'FARM_E102',
          `needs npm package ${dep.name}@${at.range}, which cannot be had together with ${dep.name}@${range} (${owner})`,
          {
            plugin: plugin.name,
            file: at.file,
            pointer: `${at.pointer}/version`,
            related: other ? [other.plugin] : [],
          },
        );
      if (other && !specsAgree(dep.name, other.range, at.range, tree.root))
        problems.push(clash(other.range, `asked for by ${other.plugin}, ${other.file}`));
      else if (existing !== undefined && !specsAgree(dep.name, existing, at.range, tree.root))
        problems.push(clash(existing, 'package.json'));
      else if (!other) wanted.set(dep.name, at);
    });
  }
  if (problems.length) throw new FarmError(problems);
  const missing = Object.fromEntries(
    [...wanted].filter(([name]) => present[name] === undefined).map(([name, w]) => [name, w.range]),
  );
  // A plugin's range inside the one package.json has (^2.1.0 in ^2.0.0) becomes package.json's:
  // the gate judged the plugin against a version of its range, and npm keeps an installed or
  // locked copy that satisfies package.json's only.
  const narrowed = Object.fromEntries(
    [...wanted]
      .filter(([name, w]) => present[name] !== undefined && narrows(w.range, present[name]!))
      .map(([name, w]) => [name, w.range]),
  );
  if (Object.keys(narrowed).length)
    updateJson(tree, 'package.json', (json) => {
      for (const [name, range] of Object.entries(narrowed))
        for (const field of ['dependencies', 'devDependencies'])
          if (json[field]?.[name] !== undefined) json[field][name] = range;
      return json;
    });
  // Listed but not installed as npm records it — absent, or outside a narrowed range: the install
  // runs again, as `uv pip sync` repairs the venv on every change.
  const record = wanted.size ? readNpmRecord(tree.root) : undefined;
  const uninstalled = [...wanted]
    .filter(([name]) => present[name] !== undefined)
    .filter(([name]) => !installedAsDeclared(tree.root, name, narrowed[name] ?? present[name]!, record))
    .map(([name]) => name);
  if (!Object.keys(missing).length && !uninstalled.length) return undefined;
  if (Object.keys(missing).length) addDependenciesToPackageJson(tree, missing, {});
  return async () => {
    const outside = nodeModulesOutside(tree.root);
    if (outside !== undefined)
      return logger.warn(
        `package.json lists ${[...Object.keys(missing), ...uninstalled].join(', ')}, not installed: node_modules links to ${outside}, outside this workspace; run npm install there`,
      );
    await installAfterWrite(tree.root, [...Object.keys(missing), ...uninstalled]);
  };
}

/**
 * The workspace's package manager's install (the command Nx's installPackagesTask runs, quiet
 * under NX_GENERATE_QUIET as there), after the change is written. Not Nx's task itself: it runs
 * execSync, whose child a SIGTERM to this process left running, orphaned; and it skips an install
 * with the same package.json as one it ran in this process, when folders just removed must come
 * back. Recorded: `.farm/install-pending.json` owes an npm install of `packages` (the declared
 * packages it brings; their copies are the ones it may leave half-extracted) from before it
 * starts until it succeeded, so the next generator finishes an interrupted one
 * (finishPendingInstalls). Held (runAfterWrite): an interrupt ends the install and says the
 * change is written and what finishes it. Throws when the install fails (the change stays
 * written, the record stays; its message says so).
 */
export async function installAfterWrite(root: string, packages: readonly string[] = []): Promise<void> {
  const install = getPackageManagerCommand(detectPackageManager(root)).install;
  const [command, ...args] = install.split(' ');
  markInstallPending(root, 'npm', { packages: [...packages] });
  const run = await runAfterWrite(command!, args, {
    cwd: root,
    capture: process.env.NX_GENERATE_QUIET === 'true',
    afterWrite: `the npm install did not finish: ${npmFinishedBy}`,
  });
  if (run.status !== 0)
    throw new Error(
      `${install} ${run.signal ? `was ended by ${run.signal} before it finished` : `failed (${run.spawnError ?? `exit code ${run.status}`})`}: the change is written; ${npmFinishedBy}`,
    );
  clearInstallPending(root, 'npm');
}

/**
 * What finishes an npm install that did not: a plain `npm install` would keep a half-extracted copy
 * package-lock.json lists (it reads the copy's package.json only), so it is not named. The next
 * generator removes the copies the interrupted install extracted, then installs. By hand:
 * `npm install` first (an install killed before it wrote package-lock.json leaves package.json
 * ahead of it, and `npm ci` alone then refuses: EUSAGE "not in sync"), then `npm ci`, which starts
 * node_modules afresh.
 */
const npmFinishedBy =
  'the next nx g @farm/plugins:… (or farm plugin …) change finishes it first, or run npm install && npm ci';

/** Where node_modules really is, when that is outside the workspace root (else undefined). */
export function nodeModulesOutside(root: string): string | undefined {
  const path = join(root, 'node_modules');
  try {
    if (!lstatSync(path).isSymbolicLink()) return undefined;
    const target = realpathSync(path);
    return relative(realpathSync(root), target).startsWith('..') ? target : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `inner` is a semver range strictly inside `outer` (`^2.1.0` in `^2.0.0`). */
function narrows(inner: string, outer: string): boolean {
  if (!semver.validRange(inner) || !semver.validRange(outer)) return false;
  return semver.subset(inner, outer) && !semver.subset(outer, inner);
}

/**
 * Whether one installed copy of `name` can serve both specs (`root`: the workspace, where
 * package.json's path specs are read from). Two semver ranges: when they intersect (as npm reads
 * ranges). A spec that names one source — a path, a tarball URL, a git repository, an alias
 * (npm-package-arg's types other than range/version/tag) — agrees only with the same source:
 * package.json keeps the spec it has, so a plugin's `file:` tarball next to package.json's `^9`
 * would never be installed while the gate judged it. A tag against a range is the registry's to
 * answer (npm at the install): not refused here.
 */
function specsAgree(name: string, a: string, b: string, root: string): boolean {
  if (semver.validRange(a) && semver.validRange(b)) return semver.intersects(a, b);
  const source = (spec: string) => {
    try {
      const parsed = require('npm-package-arg').resolve(name, spec, root);
      return ['range', 'version', 'tag'].includes(parsed.type) ? undefined : `${parsed.type}\t${parsed.fetchSpec}`;
    } catch {
      return undefined; // npm says what is wrong with it at the install, located by the gate's preview.
    }
  };
  return source(a) === source(b);
}

/**
 * The npm half of a generator that has nothing else to change (`add` of a plugin the workspace
 * already has): addNpmDependencies over the plugins workspace.json lists (active and disabled),
 * so a package an interrupted install left missing or half-extracted is installed again rather
 * than the generator saying all is well. Undefined when node_modules holds every declared
 * package as npm finished installing it.
 */
export function repairNpmDependencies(tree: Tree, state: FarmState): GeneratorCallback | undefined {
  const listed = state.manifests
    .filter((loaded) => state.workspace?.plugins[loaded.manifest.name] !== undefined)
    .map((loaded) => ({ name: loaded.manifest.name, loaded }));
  return addNpmDependencies(tree, listed);
}
