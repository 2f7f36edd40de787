import type { Tree } from '@nx/devkit';
import { createHash, type Hash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, posix } from 'node:path';
import type { IntegrationPlan } from '../core/plan';
import { installedDistributions } from '../python-env';
import { folderListing, type FolderListing, type ListedFolder } from './folder-listing';
import { routeOwners } from './gate-problems';
import { backendGateScript, type GateEndpointRefusal, type GateRoute } from './run-backend-gate';

/**
 * Where the routes of plugins imported by earlier gates are kept for the workspace at `root` (a
 * cache: deleting it is safe): `node_modules/.cache/farm/gate-routes/<digest of root's path>.json`.
 * One file a workspace, because a node_modules shared by several workspaces (a link, as the bench
 * and the tests make) would otherwise make every gate read and rewrite all their entries (3 MB for
 * one of 1,000 plugins); files no gate used for a week are removed.
 */
export function routeRecordPath(root: string): string {
  const name = createHash('sha256').update(realpathSync(root)).digest('hex').slice(0, 16);
  return join(root, routeRecordFolder, `${name}.json`);
}
const routeRecordFolder = 'node_modules/.cache/farm/gate-routes';
const unusedForMs = 7 * 24 * 3600 * 1000;

/** Bumped when what a digest covers or what an entry holds changes: older entries are then unknown. */
const recordVersion = 3; // 2: routes carry their kind (mount, websocket, http); 3: `startup`
/**
 * Entries kept besides those of the gate that saves (the digests it asked for or added): the most
 * recently used, oldest go first. An entry is asked for again when a change is undone as the Tree
 * or the config says it (a config set back, a plugin deactivated and activated again): the digests
 * of that plugin and of its dependents come back, a few to a few dozen. A change of what every
 * plugin shares (the lock, the venv, the host's src) renews all of them and undoing it is not
 * covered: keeping a second 1,000-plugin generation doubles every gate's read (~3.3 MB, ~70 ms
 * there) to save one whole import. A folder on disk is stamped by its files' times, so an undone
 * edit there never brings a digest back. 256 entries: ~0.8 MB at the bench's ~3.3 KB an entry.
 * (20,000 entries, the bound before, let the bench's record grow to ~40 MB, ~0.47 s a gate.)
 */
const recentEntries = 256;

/** What one plugin answers in the imported app: its routes and the AI endpoints the host could not call. */
export interface PluginRoutes {
  routes: GateRoute[];
  endpoints: GateEndpointRefusal[];
  /**
   * The plugin's own routers have startup code (farm_gate_startup.py ran it): that code gets the
   * app and can reach any plugin's routes, so the plugin is imported with every change.
   */
  startup?: true;
}

export interface RouteRecord {
  get(digest: string): PluginRoutes | undefined;
  set(digest: string, entry: PluginRoutes): void;
  /**
   * Writes the file if an entry was added (temp file + rename), with the entries this gate asked
   * for or added and the `recentEntries` most recently used others; a record that cannot be
   * written is not kept.
   */
  save(): void;
}

/**
 * The route record at `path` (undefined: kept in memory only, for a workspace that is not on
 * disk). Concurrent writers (two generators) each rename a whole file: one set of additions wins,
 * and the other's plugins are only imported again next time.
 */
export function routeRecordFile(path: string | undefined): RouteRecord {
  const read = path ? readRecord(path) : undefined;
  const entries = new Map<string, PluginRoutes>(read?.entries ?? []);
  const added = new Map<string, PluginRoutes>();
  /** The digests this gate asked for and the record knew: the current plugins', kept at save. */
  const used = new Set<string>();
  return {
    get: (digest) => {
      const entry = entries.get(digest);
      if (entry) used.add(digest);
      return entry;
    },
    set(digest, entry) {
      entries.set(digest, entry);
      added.set(digest, entry);
    },
    save() {
      if (!path || !added.size) return;
      // Read again only if another gate wrote it meanwhile: at 1,000 plugins a read is ~70 ms.
      const merged = new Map(sameFile(read?.stamp, fileStamp(path)) ? read!.entries : readRecord(path).entries);
      const others = [...merged].filter(([digest]) => !used.has(digest) && !added.has(digest));
      const kept = [
        ...others.slice(-recentEntries),
        // This gate's last: the newest, so the next trim keeps them longest.
        ...[...used].flatMap((digest) => {
          const entry = merged.get(digest) ?? entries.get(digest);
          return entry && !added.has(digest) ? [[digest, entry] as const] : [];
        }),
        ...added,
      ];
      try {
        mkdirSync(dirname(path), { recursive: true });
        const temp = `${path}.${process.pid}.tmp`;
        writeFileSync(temp, JSON.stringify({ version: recordVersion, entries: Object.fromEntries(kept) }));
        renameSync(temp, path);
        added.clear();
        pruneUnused(dirname(path));
      } catch {
        // A read-only node_modules: every gate imports every plugin, which is slower, never wrong.
      }
    },
  };
}

/** What identifies one written version of the record file (each save renames a new file in). */
type FileStamp = { ino: bigint; size: bigint; mtimeNs: bigint } | undefined;

function fileStamp(path: string): FileStamp {
  const stat = statSync(path, { bigint: true, throwIfNoEntry: false });
  return stat && { ino: stat.ino, size: stat.size, mtimeNs: stat.mtimeNs };
}

function sameFile(a: FileStamp, b: FileStamp): boolean {
  return a !== undefined && b !== undefined && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs;
}

/** The record's entries, oldest first, and the stamp of the file they were read from (taken before the read). */
function readRecord(path: string): { entries: [string, PluginRoutes][]; stamp: FileStamp } {
  let stamp: FileStamp;
  try {
    stamp = fileStamp(path);
  } catch {
    stamp = undefined;
  }
  return { entries: readEntries(path), stamp };
}

/** Removes the records of workspaces no gate used for a week (a temp workspace of a test). */
function pruneUnused(folder: string): void {
  const now = Date.now();
  for (const name of readdirSync(folder)) {
    try {
      if (now - statSync(join(folder, name)).mtimeMs > unusedForMs) rmSync(join(folder, name), { force: true });
    } catch {
      // Removed by another gate meanwhile.
    }
  }
}

function readEntries(path: string): [string, PluginRoutes][] {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as { version?: number; entries?: unknown };
    if (data.version !== recordVersion || typeof data.entries !== 'object' || data.entries === null) return [];
    return Object.entries(data.entries as Record<string, PluginRoutes>).filter(
      ([, e]) => Array.isArray(e?.routes) && Array.isArray(e?.endpoints),
    );
  } catch {
    return [];
  }
}

/** Each active plugin's digest (by name) and the active plugins it depends on. */
export interface RouteDigests {
  digests: Map<string, string>;
  dependencies: Map<string, string[]>;
}

/**
 * The digest of what determines the routes each active plugin of `plan` answers when the backend
 * imports it: its own files, the digests of the active plugins it depends on (so a dependent's
 * digest changes with its dependency's files), its alias, root and resolved config, and what every
 * plugin shares — the host's sources (`<backendRoot>/src` but the generated `plugins/`), the
 * Python lock, the venv's installed distributions, the interpreter and this gate's script.
 *
 * A folder the Tree changed is read whole from the Tree; any other is fingerprinted from the disk
 * by each file's path, size and modification time (`__pycache__` and `node_modules` aside): the
 * trust Python gives its own bytecode cache, at a stat a file instead of a read (1,000 plugins
 * hold ~18,000 files). The disk's folders are read through `disk` (folder-listing.ts): the gate's
 * frontend half walks the same plugin folders and reads them from it. Reads the Tree and the
 * disk; throws nothing for a missing folder (empty).
 */
export function routeDigests(
  tree: Tree,
  backendRoot: string,
  plan: IntegrationPlan,
  lock: string,
  python: string,
  disk: FolderListing = folderListing(),
): RouteDigests {
  const changed = tree.listChanges().map((c) => c.path);
  const touched = (folder: string) => changed.some((path) => path === folder || path.startsWith(`${folder}/`));
  const shared = createHash('sha256');
  shared.update(`farm-gate-routes ${recordVersion}\n${python}\n${gateScripts()}\n${lock}\n`);
  shared.update(`${[...(installedDistributions(python) ?? [])].sort().join('\n')}\n`);
  shared.update(`environment ${plan.environment}\n`);
  const src = posix.join(backendRoot, 'src');
  hashTreeFolder(tree, src, shared, (path) => path !== posix.join(src, 'plugins'));
  const host = shared.digest('hex');

  const active = new Set(plan.plugins.map((p) => p.name));
  const dependencies = new Map(plan.plugins.map((p) => [p.name, declaredDependencies(tree, p.root, active)]));
  const digests = new Map<string, string>();
  const visiting = new Set<string>();
  const digestOf = (name: string): string => {
    const known = digests.get(name);
    if (known) return known;
    const plugin = plan.plugins.find((p) => p.name === name)!; // dependencies are filtered to active plugins
    visiting.add(name);
    const hash = createHash('sha256').update(`${host}\n${name}\n${plugin.pythonAlias}\n${plugin.root}\n`);
    hash.update(`${JSON.stringify(plugin.config)}\n`);
    if (touched(plugin.root) || !existsSync(join(tree.root, plugin.root))) hashTreeFolder(tree, plugin.root, hash);
    else stampDiskFolder(join(tree.root, plugin.root), '', hash, disk);
    // A cycle (refused by the graph before any gate) only names its members.
    for (const dependency of [...dependencies.get(name)!].sort())
      hash.update(`dependency ${dependency} ${visiting.has(dependency) ? '' : digestOf(dependency)}\n`);
    visiting.delete(name);
    const digest = hash.digest('hex').slice(0, 40);
    digests.set(name, digest);
    return digest;
  };
  for (const plugin of plan.plugins) digestOf(plugin.name);
  return { digests, dependencies };
}

/**
 * The gate's Python, every module of it (backend_gate.py and the farm_gate_*.py it imports): a
 * record made by other rules is not this gate's verdict. Read once a process.
 */
const gateScripts = (() => {
  let text: string | undefined;
  return () => {
    const folder = dirname(backendGateScript);
    text ??= readdirSync(folder)
      .filter((name) => name.endsWith('.py'))
      .sort()
      .map((name) => `${name}\n${readFileSync(join(folder, name), 'utf8')}`)
      .join('\n');
    return text;
  };
})();

/** The active plugins a plugin's manifest depends on (dependencies and peerDependencies), by name. */
function declaredDependencies(tree: Tree, root: string, active: ReadonlySet<string>): string[] {
  try {
    const manifest = JSON.parse(tree.read(posix.join(root, 'plugin.json'), 'utf-8') ?? '{}') as {
      dependencies?: { name?: unknown }[];
      peerDependencies?: { name?: unknown }[];
    };
    return [...(manifest.dependencies ?? []), ...(manifest.peerDependencies ?? [])]
      .map((d) => d?.name)
      .filter((n): n is string => typeof n === 'string' && active.has(n));
  } catch {
    return []; // a manifest that does not parse never reaches a gate
  }
}

const skipped = new Set(['__pycache__', 'node_modules']);

/** Every file under `folder` in the Tree, by path and contents, in sorted order. */
function hashTreeFolder(tree: Tree, folder: string, hash: Hash, keep: (path: string) => boolean = () => true): void {
  for (const child of [...tree.children(folder)].sort()) {
    const path = posix.join(folder, child);
    if (skipped.has(child) || !keep(path)) continue;
    if (tree.isFile(path)) hash.update(`file ${path}\n`).update(tree.read(path)!).update('\n');
    else hashTreeFolder(tree, path, hash, keep);
  }
}

/**
 * Every file under `dir` on disk, by relative path, size and modification time, in sorted order
 * (by code unit, files and folders together). A link to a folder is stamped as a file (its
 * target's size and time), as a Dirent's isDirectory() said before the listing was shared.
 */
function stampDiskFolder(dir: string, relative: string, hash: Hash, disk: FolderListing): void {
  const folder = join(dir, relative);
  const listed = disk(folder) ?? unreadable(folder);
  const subfolders = new Set(listed.directories.filter((name) => !listed.links.has(name)));
  const names = [...listed.files, ...listed.directories].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    if (skipped.has(name)) continue;
    const path = relative ? `${relative}/${name}` : name;
    if (subfolders.has(name)) stampDiskFolder(dir, path, hash, disk);
    else {
      const stat = statSync(join(dir, path), { bigint: true });
      hash.update(`file ${path} ${stat.size} ${stat.mtimeNs}\n`);
    }
  }
}

/** A folder the listing could not read fails the gate with the disk's own error, as readdir did here before. */
function unreadable(folder: string): ListedFolder {
  readdirSync(folder); // throws (or the folder came back meanwhile: read as empty, its files stamped next gate)
  return { files: [], directories: [], links: new Set() };
}

/**
 * The plugins a gate must import, by name: those whose digest the record does not know, with
 * every active plugin they depend on (to be imported at all) — and, through the digests, every
 * plugin depending on them (its digest covers theirs) — with the recorded plugins whose startup
 * code ran (`startup`). All of them when the record knows none.
 */
export function pluginsToImport(
  plan: IntegrationPlan,
  { digests, dependencies }: RouteDigests,
  record: RouteRecord,
): Set<string> {
  const fresh = plan.plugins.filter((p) => !record.get(digests.get(p.name)!));
  if (!fresh.length) return new Set();
  // A recorded plugin with startup code comes along: run at startup, it reaches the fresh ones' routes.
  const starting = plan.plugins.filter((p) => record.get(digests.get(p.name)!)?.startup);
  return new Set([...fresh, ...starting].flatMap((p) => [...closureOf(p.name, dependencies)]));
}

/**
 * `plan` with only the plugins named in `keep`: every entry of the backend and AI slots that
 * belongs to another plugin is left out (an entry names its plugin in `plugin`, a requirement in
 * `plugins`), so the emitters write the wiring of those plugins alone. `keep` must be closed under
 * dependencies (pluginsToImport is).
 */
export function planOf(plan: IntegrationPlan, keep: ReadonlySet<string>): IntegrationPlan {
  const kept = (entry: unknown): boolean => {
    const { plugin, plugins } = entry as { plugin?: unknown; plugins?: unknown };
    if (typeof plugin === 'string') return keep.has(plugin);
    if (Array.isArray(plugins)) return plugins.some((p) => keep.has(p as string));
    return true;
  };
  const slots = <T extends object>(slot: T): T =>
    Object.fromEntries(
      Object.entries(slot).map(([key, value]) => [key, Array.isArray(value) ? value.filter(kept) : value]),
    ) as T;
  return {
    ...plan,
    plugins: plan.plugins.filter((p) => keep.has(p.name)),
    backend: slots(plan.backend),
    ai: slots(plan.ai),
  };
}

/**
 * What the record keeps for each plugin of an imported candidate (by name): the routes and endpoint
 * refusals owned by the plugin or by a plugin it depends on. A route's owner is the plugin whose AI
 * endpoint it serves (`ai:<name>`), whose static files it mounts (a Mount named after the entry),
 * or whose `farm_plugins.<alias>` module defines its endpoint — the owners urlOwnershipProblems
 * names; the host's routes belong to no plugin. The dependencies' routes are kept in the
 * dependent's entry too because a plugin may route to a handler defined in its dependency's module:
 * that route is owned by the dependency but exists because of the dependent, so it must stay while
 * the dependent is active and go with it. (Such a route of another plugin of the same candidate can
 * land in an entry as well: an extra route can only add a clash, and the caller confirms every
 * refusal that read the record with a whole import.)
 */
export function recordEntries(
  plan: IntegrationPlan,
  dependencies: ReadonlyMap<string, readonly string[]>,
  routes: readonly GateRoute[],
  endpoints: readonly GateEndpointRefusal[],
  started: ReadonlySet<string> = new Set(),
): Map<string, PluginRoutes> {
  const endpointOwner = new Map(plan.ai.endpoints.map((e) => [e.name, e.plugin]));
  const ownerOf = routeOwners(plan);
  // Grouped by owner once: 1,000 plugins × 5,000 routes filtered plugin by plugin took seconds.
  // The host's routes ('the host') belong to no plugin's entry.
  const owned = new Map<string, PluginRoutes>(plan.plugins.map((p) => [p.name, { routes: [], endpoints: [] }]));
  for (const route of routes) owned.get(ownerOf(route))?.routes.push(route);
  for (const refusal of endpoints) owned.get(endpointOwner.get(refusal.name) ?? '')?.endpoints.push(refusal);
  const entries = new Map<string, PluginRoutes>();
  for (const plugin of plan.plugins) {
    const closure = [...closureOf(plugin.name, dependencies)].sort();
    entries.set(plugin.name, {
      routes: closure.flatMap((name) => owned.get(name)?.routes ?? []),
      endpoints: closure.flatMap((name) => owned.get(name)?.endpoints ?? []),
      ...(started.has(plugin.name) ? { startup: true as const } : {}),
    });
  }
  return entries;
}

/** `name` and every plugin it depends on, directly or not. */
export function closureOf(name: string, dependencies: ReadonlyMap<string, readonly string[]>): Set<string> {
  const closure = new Set<string>();
  const queue = [name];
  while (queue.length) {
    const next = queue.pop()!;
    if (closure.has(next)) continue;
    closure.add(next);
    queue.push(...(dependencies.get(next) ?? []));
  }
  return closure;
}
