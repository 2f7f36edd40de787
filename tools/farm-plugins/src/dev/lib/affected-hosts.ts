import { posix } from 'node:path';
import { stripByteOrderMark } from '../../core/json';
import { pluginsDir } from '../../core/manifest';
import { workspaceFile } from '../../core/workspace';

export type HostKind = 'backend' | 'frontend';
export const hostKinds: readonly HostKind[] = ['backend', 'frontend'];

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

// Which host's generated code a manifest section feeds (see core/plan: planFrontend reads only
// `frontend`, planBackend/planAI only `backend`/`ai`). Any other key (name, version, dependencies,
// config, …) changes resolution or config, so both hosts.
const sectionHosts: Record<string, HostKind[]> = { frontend: ['frontend'], backend: ['backend'], ai: ['backend'] };

// A created or deleted file matters only if a manifest points at it (integrate checks that it
// exists); contents are the servers' business: uvicorn --reload and Vite HMR pick those up.
const pythonFile = /\.py$/;
const frontendFile = /\.(tsx?|jsx?|mjs|cjs|css|scss|sass|less)$/;
const anyExtension = /\.[A-Za-z0-9]+$/;

/**
 * Maps a debounced batch of file events to the integrate targets that can produce different code,
 * and updates `state` to the sources as they are now.
 */
export function affectedHosts(changes: readonly SourceChange[], state: SourceState, io: SourceReader): AffectedHosts {
  const hosts = new Set<HostKind>();
  const reasons: string[] = [];
  const pick = (path: string, picked: readonly HostKind[]) => {
    if (!picked.length) return;
    picked.forEach((h) => hosts.add(h));
    reasons.push(`${path} → ${[...picked].sort().join(', ')}`);
  };
  for (const path of [...new Set(changes.map((c) => c.path))].sort()) {
    const kinds = new Set(changes.filter((c) => c.path === path).map((c) => c.kind));
    if (path === workspaceFile) pick(path, hostKinds);
    else if (isManifest(path)) pick(path, manifestHosts(path, state.manifests, io.readManifest));
    else if (kinds.has('rename') && existenceChanged(path, state.files, io.exists)) pick(path, fileHosts(path));
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

function manifestHosts(path: string, snapshots: ManifestSnapshots, readManifest: (path: string) => string | null): HostKind[] {
  const had = snapshots.has(path);
  const before = snapshots.get(path);
  const text = readManifest(path);
  const after = text === null ? undefined : parseObject(text);
  if (after === undefined) snapshots.delete(path);
  else snapshots.set(path, after);
  // Appeared, disappeared, broke or recovered: both hosts must see it (and report the error).
  if (!had || before === null || after === undefined || after === null) return [...hostKinds];
  const keys = new Set([...Object.keys(before!), ...Object.keys(after)]);
  const picked = new Set<HostKind>();
  for (const key of keys) {
    if (JSON.stringify(before![key]) === JSON.stringify(after[key])) continue;
    (sectionHosts[key] ?? hostKinds).forEach((h) => picked.add(h));
  }
  return hostKinds.filter((h) => picked.has(h));
}

function fileHosts(path: string): HostKind[] {
  const name = posix.basename(path);
  if (pythonFile.test(name)) return ['backend'];
  if (frontendFile.test(name)) return ['frontend'];
  // No extension: possibly a folder created, moved or removed with files in it.
  return anyExtension.test(name) ? [] : [...hostKinds];
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(stripByteOrderMark(text));
    return value && typeof value === 'object' && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

/** The sources as they are at start: every manifest read once, every file listed. */
export function readSourceState(manifestPaths: readonly string[], files: Iterable<string>, readManifest: (path: string) => string | null): SourceState {
  const manifests: ManifestSnapshots = new Map();
  for (const path of manifestPaths) {
    const text = readManifest(path);
    if (text !== null) manifests.set(path, parseObject(text));
  }
  return { manifests, files: new Set(files) };
}
