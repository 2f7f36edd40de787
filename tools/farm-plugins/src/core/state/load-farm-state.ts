import { problem, type FarmProblem } from '../errors';
import type { JsonDocument } from '../json';
import { loadManifest, type LoadedManifest, type ManifestLoadResult } from '../manifest';
import { parseWorkspaceFile, workspaceFile, type FarmWorkspace } from '../workspace';

/** What the core needs to read; implemented over the disk (executors) and over an Nx Tree (generators). */
export interface WorkspaceReader {
  read(path: string): string | null;
  /** Workspace-relative paths of every libs/plugins/<name>/plugin.json. */
  listManifests(): string[];
  /**
   * Optional: a stamp that changes whenever the file's bytes may have, and that no other file (in
   * any workspace) shares — the disk host uses device, inode, size, mtime and ctime — or null.
   * With it, a long-lived process (the dev loop) re-parses only the manifests that changed.
   */
  version?(path: string): string | null;
  /**
   * Optional: plugin folders (`libs/plugins/<name>`, workspace-relative) reached through a symbolic
   * link — the folder itself, or libs/plugins — and the real folder each leads to. Nx does not
   * follow them and git does not hold their files, so loadFarmState refuses them (FARM_E114).
   */
  linkedPluginFolders?(): { folder: string; real: string }[];
}

export interface FarmState {
  workspace?: FarmWorkspace;
  workspaceDocument?: JsonDocument;
  manifests: LoadedManifest[];
  /**
   * plugin.json files that exist but were refused (syntax, schema, size …): their problems are in
   * `problems`, so nothing after may call them missing (see ResolverInput.refusedManifests).
   */
  refusedManifests?: string[];
  problems: FarmProblem[];
}

/** Reads workspace.json and every plugin manifest; nothing is dropped silently. */
export function loadFarmState(host: WorkspaceReader): FarmState {
  const problems: FarmProblem[] = [];
  const { workspace, document: workspaceDocument, problems: workspaceProblems } = loadWorkspaceFile(host);
  problems.push(...workspaceProblems);
  const manifests: LoadedManifest[] = [];
  const refusedManifests: string[] = [];
  const loadedNow = new Map<string, ManifestLoadResult>();
  for (const file of [...host.listManifests()].sort()) {
    const result = loadManifestFile(host, file, loadedNow);
    problems.push(...result.problems);
    if (result.loaded) manifests.push(result.loaded);
    else refusedManifests.push(file);
  }
  // Only this load's manifests are kept: the cache never outgrows the workspace.
  if (host.version) loadedByVersion = loadedNow;
  problems.push(...duplicateNames(manifests));
  problems.push(...linkedFolders(host, manifests));
  return { workspace, workspaceDocument, manifests, refusedManifests, problems };
}

type WorkspaceLoadResult = { workspace?: FarmWorkspace; document?: JsonDocument; problems: FarmProblem[] };
/** The previous parse of workspace.json and its version stamp: unchanged, the same objects are returned. */
let lastWorkspace: { version: string; result: WorkspaceLoadResult } | undefined;

function loadWorkspaceFile(host: WorkspaceReader): WorkspaceLoadResult {
  const version = host.version?.(workspaceFile);
  if (version && lastWorkspace?.version === version) return lastWorkspace.result;
  const text = host.read(workspaceFile);
  const result: WorkspaceLoadResult =
    text === null
      ? {
          problems: [
            problem('FARM_E010', 'workspace.json not found at the workspace root', {
              file: workspaceFile,
              fix: 'create it (see docs/workspace.md)',
            }),
          ],
        }
      : parseWorkspaceFile(text);
  if (version) lastWorkspace = { version, result };
  return result;
}

/** Load results by file and version stamp, from the previous load (see WorkspaceReader.version). */
let loadedByVersion = new Map<string, ManifestLoadResult>();

function loadManifestFile(
  host: WorkspaceReader,
  file: string,
  loadedNow: Map<string, ManifestLoadResult>,
): ManifestLoadResult {
  // The stamp is taken before the read: a file changing in between is re-read next time.
  const version = host.version?.(file);
  if (!version) return loadManifest(host.read(file) ?? '', file);
  const key = `${file}\0${version}`;
  const result = loadedByVersion.get(key) ?? loadManifest(host.read(file) ?? '', file);
  loadedNow.set(key, result);
  return result;
}

/** One error per linked plugin folder, on the plugin (by name, else folder) so its validate and integrate see it. */
function linkedFolders(host: WorkspaceReader, manifests: LoadedManifest[]): FarmProblem[] {
  return (host.linkedPluginFolders?.() ?? []).map(({ folder, real }) => {
    const plugin = manifests.find((m) => m.root === folder)?.manifest.name ?? folder.split('/').pop();
    const message = `${folder} leads through a symbolic link to ${real}: Nx does not follow it (the plugin has no project, no validate, no cache inputs) and git does not hold its files, yet its code would be integrated`;
    return problem('FARM_E114', message, { plugin, file: folder });
  });
}

function duplicateNames(manifests: LoadedManifest[]): FarmProblem[] {
  const seen = new Map<string, LoadedManifest>();
  const out: FarmProblem[] = [];
  for (const m of manifests) {
    const first = seen.get(m.manifest.name);
    if (first)
      out.push(
        problem('FARM_E007', `"${m.manifest.name}" is declared by both ${first.file} and ${m.file}`, {
          plugin: m.manifest.name,
          file: m.file,
          pointer: '/name',
          ...m.document.locate('/name'),
        }),
      );
    else seen.set(m.manifest.name, m);
  }
  return out;
}
