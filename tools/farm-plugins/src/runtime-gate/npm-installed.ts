import { lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import semver from 'semver';

/**
 * npm's own record of what `node_modules` holds: the hidden lockfile `node_modules/.package-lock.json`.
 * npm's reify (@npmcli/arborist lib/arborist/reify.js, npm 11.19: `reify()` runs #reifyPackages —
 * extraction — then `_saveIdealTree`, then `actualTree.meta.save()` with `meta.filename =
 * '<root>/node_modules/.package-lock.json'`) writes it last, after every package is extracted. So a
 * package an install extracted and did not finish (`kill -9` mid-way) has a folder newer than the
 * record, or no entry in it —
 * which unvouchedCopies reads only once an install is known to have been interrupted.
 */
export interface NpmRecord {
  /** The hidden lockfile's mtime (ms since the epoch). */
  mtimeMs: number;
  /** Its `packages`: location (`node_modules/<name>`) → entry. */
  packages: Readonly<Record<string, NpmRecordEntry>>;
}

/** One `packages` entry of a lockfile v3 (the fields read here). */
export interface NpmRecordEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
}

/** A package folder npm's record vouches for: `node_modules/<name>` as npm finished installing it. */
export interface RecordedCopy {
  /** Absolute `node_modules/<name>` (a link for a folder dependency). */
  folder: string;
  /** Its package.json's name (an alias `x@npm:y@1` installs y under x). */
  packageName?: string;
  version?: string;
  /** Where npm had it from, as the record says, made absolute for `file:` (arborist does the same on load). */
  resolved?: string;
  link: boolean;
}

/** Milliseconds of clock jitter arborist allows between a folder and the record (shrinkwrap.js: `mtime + 10`). */
const jitterMs = 10;

/** The workspace's hidden lockfile, or undefined when there is none (never installed, or deleted) or it does not parse. */
export function readNpmRecord(workspaceRoot: string): NpmRecord | undefined {
  const file = join(workspaceRoot, 'node_modules', '.package-lock.json');
  try {
    const mtimeMs = lstatSync(file).mtimeMs;
    const data = JSON.parse(readFileSync(file, 'utf8')) as { packages?: Record<string, NpmRecordEntry> };
    if (typeof data !== 'object' || data === null || typeof data.packages !== 'object' || data.packages === null)
      return undefined;
    return { mtimeMs, packages: data.packages };
  } catch {
    return undefined;
  }
}

/**
 * `node_modules/<name>` when npm's record lists it as it is: the hidden lockfile has
 * `node_modules/<name>` and the folder's package.json has the recorded version (a link: it points
 * where the record says). Files the user added to a copy (a local patch) do not matter, and
 * neither does the folder's mtime: whether an install was interrupted is recorded
 * (`.farm/install-pending.json`, pending-installs.ts), not guessed from mtimes — only then does
 * unvouchedCopies look for half-extracted copies.
 */
export function recordedCopy(
  workspaceRoot: string,
  name: string,
  record: NpmRecord | undefined,
): RecordedCopy | undefined {
  if (record === undefined) return undefined;
  const location = `node_modules/${name}`;
  const entry = record.packages[location];
  if (entry === undefined) return undefined;
  const folder = join(workspaceRoot, location);
  const stat = lstatSync(folder, { throwIfNoEntry: false });
  if (stat === undefined) return undefined;
  const link = stat.isSymbolicLink();
  if (Boolean(entry.link) !== link) return undefined;
  try {
    if (link && realpathSync(folder) !== realpathSync(resolve(workspaceRoot, entry.resolved ?? ''))) return undefined;
    const pkg = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
    const version = typeof pkg.version === 'string' ? pkg.version : undefined;
    if (!link && version !== entry.version) return undefined;
    const resolved = entry.resolved?.startsWith('file:')
      ? `file:${resolve(workspaceRoot, entry.resolved.slice('file:'.length))}`
      : entry.resolved;
    return { folder, packageName: typeof pkg.name === 'string' ? pkg.name : undefined, version, resolved, link };
  } catch {
    return undefined;
  }
}

/**
 * Whether `node_modules/<name>` holds a copy npm's record lists as it is (recordedCopy) that npm keeps
 * for `name@spec` — arborist's dep-valid (lib/dep-valid.js) over the record: a range or version is
 * semver.satisfies (loose), `*` or empty any copy; a dist-tag a copy from a registry (`resolved` a
 * remote tarball); an alias `npm:<name>@<range>` that package in that range; a folder (`file:../x`)
 * a link to that folder; a tarball (`file:x.tgz`) a copy resolved from that file; a URL a copy
 * resolved from it; git the same repository (and commit, when the spec names one; a `#semver:`
 * range the version). A named git ref (a branch) counts when the repository matches: arborist
 * re-resolves it only when package-lock.json recorded another ref, which the hidden lockfile does
 * not say. `record`: readNpmRecord's (read once per caller). A spec npm cannot parse: false (npm
 * says what is wrong with it, located, at install).
 */
export function installedAsDeclared(
  workspaceRoot: string,
  name: string,
  spec: string,
  record: NpmRecord | undefined,
): boolean {
  const copy = recordedCopy(workspaceRoot, name, record);
  if (copy === undefined) return false;
  try {
    return keptFor(require('npm-package-arg').resolve(name, spec || '*', workspaceRoot), copy);
  } catch {
    return false;
  }
}

interface ParsedSpec {
  type: string;
  name?: string;
  fetchSpec?: string;
  gitCommittish?: string;
  gitRange?: string;
  hosted?: { ssh(options: { noCommittish: boolean }): string };
  subSpec?: ParsedSpec;
}

function keptFor(spec: ParsedSpec, copy: RecordedCopy): boolean {
  const npa = require('npm-package-arg');
  switch (spec.type) {
    case 'range':
    case 'version':
      if (spec.fetchSpec === '*' || spec.fetchSpec === '') return true;
      return copy.version !== undefined && semver.satisfies(copy.version, spec.fetchSpec ?? '', true);
    case 'tag':
      return copy.resolved !== undefined && parsedOrUndefined(npa, copy.resolved)?.type === 'remote';
    case 'alias':
      return copy.packageName === spec.subSpec?.name && keptFor(spec.subSpec!, copy);
    case 'directory':
      try {
        return copy.link && realpathSync(copy.folder) === realpathSync(spec.fetchSpec ?? '');
      } catch {
        return false;
      }
    case 'file':
      return !copy.link && copy.resolved === `file:${spec.fetchSpec}`;
    case 'remote':
      return copy.resolved === spec.fetchSpec;
    case 'git': {
      const got = parsedOrUndefined(npa, copy.resolved ?? '');
      if (got === undefined) return false;
      const commit = /^[a-fA-F0-9]{40,64}$/.test(spec.gitCommittish ?? '');
      const sameRepo =
        got.hosted && spec.hosted
          ? got.hosted.ssh({ noCommittish: !commit }) === spec.hosted.ssh({ noCommittish: !commit })
          : !got.hosted && !spec.hosted && got.fetchSpec === spec.fetchSpec;
      if (!sameRepo) return false;
      if (commit && !got.hosted && got.gitCommittish !== spec.gitCommittish) return false;
      return !spec.gitRange || (copy.version !== undefined && semver.satisfies(copy.version, spec.gitRange, true));
    }
    default:
      return false;
  }
}

function parsedOrUndefined(npa: (spec: string) => ParsedSpec, spec: string): ParsedSpec | undefined {
  try {
    return npa(spec);
  } catch {
    return undefined;
  }
}

/**
 * The folders an interrupted npm install may have left half-extracted, for a caller that knows one
 * was interrupted (pending-installs.ts' record; never on a guess: a user's patched copy is newer
 * than the record too). Among `node_modules/<name>` (`names`): a real folder with a package.json
 * that the record does not list as it is (recordedCopy), or that is newer than the record (its
 * mtime + 10 ms, arborist's shrinkwrap.js assertNoNewer — npm writes the record last, after
 * extraction). `npm install` does not repair these — it judges a copy by its package.json's
 * version and, with the hidden lockfile stale, by package-lock.json's integrity (arborist
 * lib/diff.js getAction) — so they are removed before the install, which extracts them again.
 * Links are never listed (npm links folders; nothing is extracted into them). When one is found
 * and a record exists, so is every other top-level package folder newer than the record: the same
 * install extracted them, the declared package's own dependencies among them. Sorted, absolute.
 */
export function unvouchedCopies(
  workspaceRoot: string,
  names: Iterable<string>,
  record: NpmRecord | undefined,
): string[] {
  const found: string[] = [];
  for (const name of new Set(names)) {
    const folder = join(workspaceRoot, 'node_modules', name);
    const stat = lstatSync(folder, { throwIfNoEntry: false });
    if (!stat?.isDirectory() || lstatSync(join(folder, 'package.json'), { throwIfNoEntry: false }) === undefined)
      continue;
    if (recordedCopy(workspaceRoot, name, record) === undefined || newerThan(stat.mtimeMs, record)) found.push(folder);
  }
  if (found.length && record !== undefined)
    for (const folder of packageFolders(join(workspaceRoot, 'node_modules')))
      if (!found.includes(folder) && newerThan(lstatSync(folder).mtimeMs, record)) found.push(folder);
  return found.sort();
}

function newerThan(mtimeMs: number, record: NpmRecord | undefined): boolean {
  return record !== undefined && mtimeMs > record.mtimeMs + jitterMs;
}

/** The real top-level package folders of a node_modules that hold a package.json (dot-folders skipped, as arborist does). */
function packageFolders(nodeModules: string): string[] {
  const entries = (dir: string) => {
    try {
      return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.'));
    } catch {
      return [];
    }
  };
  return entries(nodeModules)
    .flatMap((e) =>
      e.name.startsWith('@')
        ? entries(join(nodeModules, e.name)).map((s) => join(nodeModules, e.name, s.name))
        : [join(nodeModules, e.name)],
    )
    .filter((folder) => lstatSync(join(folder, 'package.json'), { throwIfNoEntry: false }) !== undefined);
}
