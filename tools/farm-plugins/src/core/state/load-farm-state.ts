import { problem, type FarmProblem } from '../errors';
import type { JsonDocument } from '../json';
import { loadManifest, type LoadedManifest } from '../manifest';
import { parseWorkspaceFile, workspaceFile, type FarmWorkspace } from '../workspace';

/** What the core needs to read; implemented over the disk (executors) and over an Nx Tree (generators). */
export interface FarmFileHost {
  read(path: string): string | null;
  /** Workspace-relative paths of every libs/plugins/<name>/plugin.json. */
  listManifests(): string[];
}

export interface FarmState {
  workspace?: FarmWorkspace;
  workspaceDocument?: JsonDocument;
  manifests: LoadedManifest[];
  problems: FarmProblem[];
}

/** Reads workspace.json and every plugin manifest; nothing is dropped silently. */
export function loadFarmState(host: FarmFileHost): FarmState {
  const problems: FarmProblem[] = [];
  const text = host.read(workspaceFile);
  let workspace: FarmWorkspace | undefined;
  let workspaceDocument: JsonDocument | undefined;
  if (text === null) {
    problems.push(problem('FARM_E010', 'workspace.json not found at the workspace root', { file: workspaceFile, fix: 'create it (see docs/workspace.md)' }));
  } else {
    const parsed = parseWorkspaceFile(text);
    problems.push(...parsed.problems);
    workspace = parsed.workspace;
    workspaceDocument = parsed.document;
  }
  const manifests: LoadedManifest[] = [];
  for (const file of [...host.listManifests()].sort()) {
    const result = loadManifest(host.read(file) ?? '', file);
    problems.push(...result.problems);
    if (result.loaded) manifests.push(result.loaded);
  }
  problems.push(...duplicateNames(manifests));
  return { workspace, workspaceDocument, manifests, problems };
}

function duplicateNames(manifests: LoadedManifest[]): FarmProblem[] {
  const seen = new Map<string, LoadedManifest>();
  const out: FarmProblem[] = [];
  for (const m of manifests) {
    const first = seen.get(m.manifest.name);
    if (first) out.push(problem('FARM_E007', `"${m.manifest.name}" is declared by both ${first.file} and ${m.file}`, { plugin: m.manifest.name, file: m.file, pointer: '/name', ...m.document.locate('/name') }));
    else seen.set(m.manifest.name, m);
  }
  return out;
}
