import type { Tree } from '@nx/devkit';
import { posix } from 'node:path';
import { FarmError } from '../core/errors';
import type { FarmState } from '../core/state';
import { candidateHost } from '../core/validate';
import { frontendTypeProblems } from './frontend-typecheck';
import { stageNpmPackages } from './stage-npm-packages';
import { changedPlugins } from './changed-plugins';
import type { FolderListing } from './folder-listing';

/**
 * The TypeScript half of a generator's runtime gate: the plugins this change makes active or
 * changes (their folder is in the Tree's changes, or workspace.json activates them) are
 * type-checked with the plugins they depend on, as the frontend app's tsconfig checks them — the
 * generated indexes of that set and the plugin files they reach, read from the Tree. Throws
 * FarmError (FARM_E106 at the plugin's file and line, or at the manifest entry of a generated
 * line) before anything is written. The other plugins are not checked again: their lines and
 * files are what the last change checked — except the global declarations of every plugin and of
 * the app, which the program reads as the app's typecheck does, and the app's whole when the
 * change (or an npm package it brings) declares globals (frontendTypeProblems). Nothing to check
 * (a deactivation, a removal): no cost.
 *
 * The npm packages those plugins declare (`frontend.dependencies`) that the workspace has not
 * installed yet — the change installs them after it is written — are installed first by npm into
 * the gate's cache (stageNpmPackages), so imports of them are judged against their real types; a
 * package npm cannot install is FARM_E090–E096/E116 (E102 for a peer conflict npm install --dry-run finds, E003 for a name npm refuses) at its `/frontend/dependencies/<i>`, and the
 * plugin that declares it is not type-checked further (its imports of it could only fail).
 */
export async function checkFrontendTypes(
  tree: Tree,
  state: FarmState,
  frontendRoot: string,
  outDir: string,
  disk?: FolderListing,
): Promise<void> {
  const tsconfig = posix.join(frontendRoot, 'tsconfig.json');
  if (!state.workspace || !tree.exists(tsconfig)) return;
  const active = (name: string) => Boolean(state.workspace!.plugins[name]?.active);
  const touched = changedPlugins(tree, state);
  if (!touched.length) return;
  // Wired (and so checked with its generated lines) only when active.
  const changed = touched.map((m) => m.manifest.name).filter(active);
  const candidate = changed.length
    ? candidateHost(state, changed, 'frontend', outDir, (file) => tree.exists(file))
    : { files: [], plan: undefined };
  // Not plannable: integrate reported why already (this runs after it succeeded, so it does not happen).
  if (!('files' in candidate)) return;
  const judged = new Set(touched.map((m) => m.manifest.name));
  const inProgram = new Set([...judged, ...(candidate.plan?.plugins ?? []).map((p) => p.name)]);
  // The Tree as pending files: a plugin added in this change has its own file: tarballs there only.
  const staged = await stageNpmPackages(
    tree.root,
    state.manifests.filter((m) => inProgram.has(m.manifest.name)),
    { pending: tree },
  );
  // A dependency's package npm cannot have is that dependency's own problem, not this change's.
  const stagingProblems = staged.problems.filter((p) => p.plugin !== undefined && judged.has(p.plugin));
  const unstaged = new Set(stagingProblems.map((p) => p.plugin));
  const problems = frontendTypeProblems({
    workspaceRoot: tree.root,
    tsconfig,
    files: candidate.files,
    plan: candidate.plan,
    include: touched.map((m) => ({ name: m.manifest.name, root: m.root })),
    neighbours: typecheckNeighbours(state, judged, frontendRoot),
    overlay: new Map(
      tree.listChanges().map((c) => [c.path, c.type === 'DELETE' ? null : (c.content?.toString('utf8') ?? '')]),
    ),
    npmPackages: staged.packages,
    judged: (plugin) => judged.has(plugin) && !unstaged.has(plugin),
    disk,
  });
  if (stagingProblems.length || problems.length) throw new FarmError([...stagingProblems, ...problems]);
}

/**
 * Who owns what the app's typecheck reads besides the judged plugins — every other plugin folder
 * (by package name) and the app's own `src` — so that an error or a clash in their files is said
 * as theirs (frontendTypeProblems' `neighbours`).
 */
export function typecheckNeighbours(
  state: FarmState,
  judged: ReadonlySet<string>,
  frontendRoot: string,
): { name?: string; root: string }[] {
  return [
    ...state.manifests
      .filter((m) => !judged.has(m.manifest.name))
      .map((m) => ({ name: m.manifest.name, root: m.root })),
    { root: posix.join(frontendRoot, 'src') },
  ];
}
