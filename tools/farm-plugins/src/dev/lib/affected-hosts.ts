import { posix } from 'node:path';
import { stripByteOrderMark } from '../../core/json';
import { hostNames, kindTable, type HostName, type KindSection } from '../../core/kinds';
import { pluginsDir } from '../../core/manifest';
import { workspaceFile } from '../../core/workspace';

export type HostKind = HostName;
const allHosts = hostNames;

/** One file event under the watched sources, workspace-relative with forward slashes. */
export interface SourceChange {
  path: string;
  /** fs.watch's event: `rename` = created, deleted or replaced; `change` = contents written. */
  kind: 'rename' | 'change';
}

export interface AffectedHosts {
  hosts: Set<HostKind>;
  /** Why each host was picked, for the progress line ("libs/plugins/auth/plugin.json: backend"). */
  reasons: string[];
}

/** The manifest as last seen, per plugin.json path; `null` = present but not valid JSON. */
export type ManifestSnapshots = Map<string, Record<string, unknown> | null>;

/** What the loop knows about the sources, kept up to date by `affectedHosts`. */
export interface SourceState {
  manifests: ManifestSnapshots;
  /** Files and folders under libs/plugins known to exist (workspace-relative). */
  files: Set<string>;
}

export interface SourceReader {
  readManifest(path: string): string | null;
  exists(path: string): boolean;
}

// Which host consumes each kind, by manifest section and key (core/kinds/table.ts): an edit of
// `database.collections` re-integrates the backend only. Any other key (name, version,
// dependencies, config, …) changes resolution or config, so both hosts.
const kindHosts = new Map<string, HostKind>(kindTable.map((k) => [`${k.section}.${k.key}`, k.host]));
const kindSections = new Set<string>(kindTable.map((k) => k.section));

// A created or deleted file matters only if a kind's entries name such files (integrate checks
// that they exist); contents are the servers' business: uvicorn --reload and Vite HMR pick those up.
const fileKinds = kindTable.filter((k) => k.files);
const anyExtension = /\.[A-Za-z0-9]+$/;

/**
 * Maps a debounced batch of file events to the integrate targets that can produce different code,
 * and updates `state` to the sources as they are now.
 *
 * `failing` are the hosts whose last integrate failed: any change in the batch retries them,
 * whatever it is. Their failure may come from a file whose edit changes no wiring — a component
 * with a type error (FARM_E106), a router module that raises at import (FARM_E103) — and the
 * fix is an edit of that file; without the retry the loop would wait for a manifest change.
 */
export function affectedHosts(
  changes: readonly SourceChange[],
  state: SourceState,
  io: SourceReader,
  failing: ReadonlySet<HostKind> = new Set(),
): AffectedHosts {
  const hosts = new Set<HostKind>();
  const reasons: string[] = [];
  const pick = (path: string, picked: readonly HostKind[]) => {
    const retried = allHosts.filter((h) => failing.has(h) && !picked.includes(h));
    if (!picked.length && !retried.length) return;
    [...picked, ...retried].forEach((h) => hosts.add(h));
    const because = [
      ...(picked.length ? [[...picked].sort().join(', ')] : []),
      ...(retried.length ? [`${retried.join(', ')} (retry: failing)`] : []),
    ];
    reasons.push(`${path} → ${because.join(', ')}`);
  };
  for (const path of [...new Set(changes.map((c) => c.path))].sort()) {
    const kinds = new Set(changes.filter((c) => c.path === path).map((c) => c.kind));
    if (path === workspaceFile) pick(path, allHosts);
    else if (isManifest(path)) pick(path, manifestHosts(path, state.manifests, io.readManifest));
    else if (kinds.has('rename') && existenceChanged(path, state.files, io.exists)) pick(path, fileHosts(path));
    else pick(path, []);
  }
  return { hosts, reasons };
}

/**
 * fs.watch says `rename` both when a file appears or goes and when an editor saves by renaming a
 * new file over the old one; only the first two can change what integrate finds.
 */
function existenceChanged(path: string, files: Set<string>, exists: (path: string) => boolean): boolean {
  const existed = files.has(path);
  const now = exists(path);
  if (now) files.add(path);
  else for (const known of [...files]) if (known === path || known.startsWith(path + '/')) files.delete(known);
  return existed !== now;
}

export function isManifest(path: string): boolean {
  const parts = path.split('/');
  return parts.length === 4 && `${parts[0]}/${parts[1]}` === pluginsDir && parts[3] === 'plugin.json';
}

function manifestHosts(
  path: string,
  snapshots: ManifestSnapshots,
  readManifest: (path: string) => string | null,
): HostKind[] {
  const had = snapshots.has(path);
  const before = snapshots.get(path);
  const text = readManifest(path);
  const after = text === null ? undefined : parseObject(text);
  if (after === undefined) snapshots.delete(path);
  else snapshots.set(path, after);
  // Appeared, disappeared, broke or recovered: both hosts must see it (and report the error).
  if (!had || before === null || after === undefined || after === null) return [...allHosts];
  const picked = new Set<HostKind>();
  for (const key of changedKeys(before!, after)) {
    if (!kindSections.has(key)) allHosts.forEach((h) => picked.add(h));
    else sectionHosts(key as KindSection, before![key], after[key]).forEach((h) => picked.add(h));
  }
  return allHosts.filter((h) => picked.has(h));
}

/** The hosts of the kinds whose entries differ inside one integration section. */
function sectionHosts(section: KindSection, before: unknown, after: unknown): readonly HostKind[] {
  // Not an object on one side: the manifest is invalid there, and both hosts report it.
  if (!isObject(before ?? {}) || !isObject(after ?? {})) return allHosts;
  return changedKeys((before ?? {}) as Record<string, unknown>, (after ?? {}) as Record<string, unknown>).flatMap(
    (key) => {
      const host = kindHosts.get(`${section}.${key}`);
      return host ? [host] : allHosts;
    },
  );
}

function changedKeys(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function fileHosts(path: string): HostKind[] {
  const name = posix.basename(path);
  const hosts = new Set(fileKinds.filter((k) => k.files!.test(name)).map((k) => k.host));
  if (hosts.size) return allHosts.filter((h) => hosts.has(h));
  // No extension: possibly a folder created, moved or removed with files in it.
  return anyExtension.test(name) ? [] : [...allHosts];
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(stripByteOrderMark(text));
    return isObject(value) ? value : null;
  } catch {
    return null;
  }
}

/** The sources as they are at start: every manifest read once, every file listed. */
export function readSourceState(
  manifestPaths: readonly string[],
  files: Iterable<string>,
  readManifest: (path: string) => string | null,
): SourceState {
  const manifests: ManifestSnapshots = new Map();
  for (const path of manifestPaths) {
    const text = readManifest(path);
    if (text !== null) manifests.set(path, parseObject(text));
  }
  return { manifests, files: new Set(files) };
}
