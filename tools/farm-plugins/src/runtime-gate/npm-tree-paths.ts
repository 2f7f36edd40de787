import { readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import { list } from 'tar';
import { problem, type FarmProblem } from '../core/errors';
import type { DeclaredNpmPackage } from './npm-install-failure';
import type { NpmRecordEntry } from './npm-installed';
import { readTextOrNull } from '../workspace-io/read-text';
import { npmSpecPath, pathWithin, realOrSelf } from './npm-path-specs';

/** A declared package of a staged set, with the folder of the plugin that declares it (absolute). */
export interface DeclarationInSet {
  declared: DeclaredNpmPackage;
  pluginFolder: string;
}

type TreeEntry = NpmRecordEntry & DependencyFields;

/**
 * FARM_E141 at a declaration's `/frontend/dependencies/<i>/version` for each package in the tree
 * npm installed for it that npm took from a local path outside the declaring plugin's folder: a
 * linked folder (`link: true`), a `file:` tarball or folder, a `git+file:` repository — at any
 * depth (issue 12: a tarball inside the plugin whose own package.json depends on
 * `file:/tmp/evil` passed, and the install after the write ran evil's postinstall) — and each
 * path spec the staged tree left unresolved that the workspace's install resolves (a peer, a
 * bundled package's dependency, a linked folder's dependency: unresolvedPathEdges). npm's own
 * answer is read, not its rules re-applied: the hidden lockfile `<set>/node_modules/.package-lock.json`
 * that `npm install` writes (lockfile v3; every entry's `resolved`, relative to `set` for paths,
 * and `link`) of the set stageNpmPackages staged with `--ignore-scripts`. A set without it (not
 * staged by npm) yields no problems. `set`: absolute folder of the staged set; its relative
 * `resolved` paths are read from it (a scratch renamed into place sits at the same depth).
 *
 * Which declaration brought a package: the lockfile's `dependencies`/`optionalDependencies` walked
 * from `node_modules/<name>` with Node's lookup (`<from>/node_modules/<dep>`, then each ancestor's,
 * as arborist places them; a link's dependencies from its target). A path entry no walk reaches is
 * charged to every declaration of the set: refusing is the safe side.
 */
export function stagedTreePathProblems(set: string, declarations: readonly DeclarationInSet[]): FarmProblem[] {
  let packages: Record<string, TreeEntry>;
  try {
    const data = JSON.parse(readFileSync(join(set, 'node_modules', '.package-lock.json'), 'utf8')) as {
      packages?: Record<string, TreeEntry>;
    };
    packages = data.packages ?? {};
  } catch {
    return [];
  }
  // Location → the packages it brings from local paths: its own origin, and its dependencies
  // npm resolves only at a later install.
  const localPaths = new Map<string, LocalPackage[]>();
  const seen = new Set<string>();
  for (const [location, entry] of Object.entries(packages)) {
    const origin = localPathOf(set, location, entry);
    const brought = [
      ...(origin === undefined ? [] : [{ name: packageNameAt(location, packages), path: origin }]),
      ...unresolvedPathEdges(set, location, entry, packages, seen),
    ];
    if (brought.length) localPaths.set(location, brought);
  }
  if (!localPaths.size) return [];
  const reachedBy = new Map<string, Set<string>>();
  for (const { declared } of declarations)
    for (const location of reachable(packages, `node_modules/${declared.name}`))
      reachedBy.set(location, (reachedBy.get(location) ?? new Set()).add(declared.name));
  const problems: FarmProblem[] = [];
  for (const { declared, pluginFolder } of declarations) {
    const outside = [...localPaths]
      .filter(([location]) => reachedBy.get(location)?.has(declared.name) ?? !reachedBy.has(location))
      .flatMap(([, brought]) => brought.filter(({ path }) => !pathWithin(pluginFolder, path)))
      .map(({ name, path, wantedAs }) => `${name} (${realOrSelf(path)}${wantedAs ? `, ${wantedAs}` : ''})`);
    if (!outside.length) continue;
    const pointer = `${declared.pointer}/version`;
    problems.push(
      problem(
        'FARM_E141',
        `npm dependency ${declared.name} (${JSON.stringify(declared.range)}) brings ${[...new Set(outside)].sort().join(', ')} from a local path outside the plugin's folder: npm install would run that package's install scripts`,
        {
          plugin: declared.plugin,
          file: declared.file,
          pointer,
          fix: `publish those packages to a registry and depend on their versions in ${declared.name}'s package.json, or pack them into the plugin's folder and depend on file: paths inside it`,
        },
      ),
    );
  }
  return problems;
}

/** A package npm takes from a local path: its name, the absolute path, and why (an edge npm resolves later). */
interface LocalPackage {
  name: string;
  path: string;
  wantedAs?: string;
}

/** A tarball's file name, as npm pack and `file:` specs name them. */
const tarballRE = /\.(tgz|tar\.gz|tar)$/;

/** The dependency fields of a package.json (or its lockfile entry) that name packages by spec. */
type DependencyFields = Partial<Record<(typeof edgeKinds)[number][0], Record<string, string>>>;

const edgeKinds = [
  ['dependencies', 'a dependency'],
  ['optionalDependencies', 'an optional dependency'],
  ['peerDependencies', 'a peer dependency'],
  ['devDependencies', 'a dev dependency'],
] as const;

/**
 * The path specs among a lockfile entry's dependencies that the staged tree did not resolve but a
 * later `npm install` of the workspace will (issue 12, three ways around FARM_E141 the staged tree
 * alone missed): a peer (staging passes `--legacy-peer-deps`; the real install installs peers), a
 * dependency of a bundled package (npm trusts a bundle at its first install and completes it at the
 * next), a dependency of a linked folder — its devDependencies too — (arborist installs a link
 * target's dependencies only when the target is inside the project root: the workspace, not the
 * staging scratch). Their specs are
 * in the lockfile entry, copied from the package's package.json. A relative spec is read from each
 * folder npm may read it from — the package's origin (a tarball's folder, as arborist resolves a
 * transitive `file:` of an installed tarball; a linked folder) and where it sits in the tree — so
 * any of them outside the plugin refuses it. The package each one names is followed in turn
 * (packageAtPathEdges): npm reads it only in the workspace.
 */
function unresolvedPathEdges(
  set: string,
  location: string,
  entry: TreeEntry,
  packages: Record<string, TreeEntry>,
  seen: Set<string>,
): LocalPackage[] {
  const linkTarget = !location.startsWith('node_modules/') && !location.includes('/node_modules/');
  const bases = new Set([resolve(set, location)]);
  if (!linkTarget && entry.resolved?.startsWith('file:')) {
    const origin = resolve(set, entry.resolved.slice('file:'.length));
    bases.add(tarballRE.test(origin) ? dirname(origin) : origin);
  }
  // Resolved in the staged tree: the entry it resolved to says where it came from.
  const unresolved = (dep: string) => linkTarget || lookup(packages, location, dep) === undefined;
  // A linked folder inside the project is installed like a project: its devDependencies too
  // (tried with npm 11: a folder's `file:` dev dependency was linked and its scripts ran).
  return pathSpecEdges(entry, [...bases], linkTarget, packageNameAt(location, packages), seen, unresolved);
}

/**
 * The path specs of the package at `path` (a folder, or a tarball) and, following them, of every
 * package they name in turn — what the staged tree never read because npm resolves it only in the
 * workspace (a linked folder's `file:../other` folder, whose own dependency is `file:/tmp/evil`:
 * two links deep, the outside package's scripts ran after `add`). A folder is installed like a
 * project (its devDependencies too: relative specs read from it); a tarball's package.json is read
 * with node-tar (its folder is the base, dependencies/optional/peer only). `seen`: the paths
 * already followed, so a cycle ends.
 */
function packageAtPathEdges(path: string, seen: Set<string>): LocalPackage[] {
  const real = realOrSelf(path);
  if (seen.has(real)) return [];
  seen.add(real);
  const folder = statSync(real, { throwIfNoEntry: false })?.isDirectory() === true;
  const manifest = folder ? readTextOrNull(join(real, 'package.json')) : tarballManifest(real);
  if (manifest === null) return [];
  let pkg: DependencyFields & { name?: string };
  try {
    pkg = JSON.parse(manifest);
  } catch {
    return []; // npm says what is wrong with it at the staging or the install
  }
  return pathSpecEdges(pkg, [folder ? real : dirname(real)], folder, pkg.name ?? real, seen);
}

/**
 * The path specs (npmSpecPath) among `pkg`'s dependency fields (devDependencies when `withDev`),
 * each read from every folder of `bases`, for the dependencies `wanted` keeps — and what each
 * package they name brings in turn (packageAtPathEdges). `owner`: the package's name in messages.
 */
function pathSpecEdges(
  pkg: DependencyFields,
  bases: readonly string[],
  withDev: boolean,
  owner: string,
  seen: Set<string>,
  wanted: (dep: string) => boolean = () => true,
): LocalPackage[] {
  const found: LocalPackage[] = [];
  for (const [field, kind] of edgeKinds) {
    if (field === 'devDependencies' && !withDev) continue;
    for (const [dep, spec] of Object.entries(pkg[field] ?? {})) {
      if (typeof spec !== 'string' || !wanted(dep)) continue;
      for (const base of bases) {
        const path = npmSpecPath(base, dep, spec);
        if (path === undefined) continue;
        found.push({ name: dep, path, wantedAs: `${kind} of ${owner}` });
        found.push(...packageAtPathEdges(path, seen));
      }
    }
  }
  return found;
}

/** package.json of an npm tarball (`package/package.json`, as npm pack writes it; read with node-tar), or null. */
function tarballManifest(tarball: string): string | null {
  if (!tarballRE.test(tarball)) return null;
  let text: string | null = null;
  try {
    list({
      file: tarball,
      sync: true,
      filter: (path) => path === 'package/package.json',
      onReadEntry: (entry) => {
        const chunks: Buffer[] = [];
        entry.on('data', (chunk: Buffer) => chunks.push(chunk));
        entry.on('end', () => (text = Buffer.concat(chunks).toString('utf8')));
      },
    });
  } catch {
    return null; // a tarball npm cannot read either: npm says so at the install
  }
  return text;
}

/**
 * The absolute local path npm took a lockfile entry from, or undefined for a registry/remote one.
 * Keys outside `node_modules/` are link targets (their folder); a link's `resolved` is its target
 * relative to the lockfile's folder; `file:` is a tarball or folder, relative to it; `git+file:`
 * a local repository (a URL).
 */
function localPathOf(set: string, location: string, entry: TreeEntry): string | undefined {
  if (location === '') return undefined; // the set's own package.json
  if (!location.startsWith('node_modules/') && !location.includes('/node_modules/')) return resolve(set, location);
  const resolved = entry.resolved;
  if (resolved === undefined) return undefined;
  if (entry.link) return resolve(set, resolved);
  if (resolved.startsWith('file:')) return resolve(set, resolved.slice('file:'.length));
  if (resolved.startsWith('git+file:')) {
    try {
      return new URL(resolved.slice('git+'.length)).pathname;
    } catch {
      return resolve(set, resolved.slice('git+file:'.length));
    }
  }
  return undefined;
}

/** The lockfile locations reached from `start` through dependencies (Node's lookup), `start` included. */
function reachable(packages: Record<string, TreeEntry>, start: string): Set<string> {
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length) {
    const location = queue.pop()!;
    if (seen.has(location) || packages[location] === undefined) continue;
    seen.add(location);
    let entry = packages[location]!;
    let from = location;
    if (entry.link && entry.resolved !== undefined) {
      // A link's dependencies are its target's, looked up from the target.
      from = posix.normalize(entry.resolved);
      queue.push(from);
      entry = packages[from] ?? entry;
    }
    for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
      const found = lookup(packages, from, dep);
      if (found !== undefined) queue.push(found);
    }
  }
  return seen;
}

/** Where Node finds `dep` from the package at `from`: its own node_modules, then each ancestor's, then the root's. */
function lookup(packages: Record<string, TreeEntry>, from: string, dep: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base === '' ? `node_modules/${dep}` : `${base}/node_modules/${dep}`;
    if (packages[candidate] !== undefined) return candidate;
    if (base === '') return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut >= 0 ? base.slice(0, cut) : '';
  }
}

/** The package name at a lockfile location (`…/node_modules/@scope/name` → `@scope/name`), or the location. */
function packageNameAt(location: string, packages: Record<string, TreeEntry>): string {
  const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(location);
  if (match) return match[1]!;
  // A link target: the name of the link pointing at it.
  for (const [at, entry] of Object.entries(packages))
    if (entry.link && entry.resolved !== undefined && posix.normalize(entry.resolved) === location)
      return packageNameAt(at, packages);
  return location;
}
