import type { Tree } from '@nx/devkit';
import { posix } from 'node:path';
import { FarmError, hasErrors, problem } from '../../../src/core/errors';
import { loadManifest } from '../../../src/core/manifest';
import { resolvePluginGraph } from '../../../src/core/graph';
import { loadFarmState } from '../../../src/core/state';
import type { FarmWorkspace } from '../../../src/core/workspace';
import { treeWorkspace } from '../../../src/workspace-io/tree-workspace';
import type { FetchedPlugin } from '../../../src/registry';
import { pluginIntegrity, treeFiles, writeFarmWorkspace } from '../../lib';
import type { PlannedUpdate } from './plan-updates';

export type ReadyUpdate = PlannedUpdate & { to: string; fetched: FetchedPlugin };

/**
 * Plugins whose files no longer hash to the integrity recorded at install were edited here;
 * updating would silently drop those edits, so all of them are named at once and nothing changes.
 */
export function refuseLocalEdits(tree: Tree, updates: PlannedUpdate[]): void {
  const edited = updates.flatMap((u) => {
    const actual = pluginIntegrity(treeFiles(tree, u.root));
    if (u.installed.integrity === actual) return [];
    const why = u.installed.integrity
      ? `workspace.json says ${short(u.installed.integrity)}, the files are ${short(actual)}`
      : 'no integrity was recorded at install';
    return [
      problem(
        'FARM_E099',
        `not updating: files in ${u.root} were changed since they were installed (${why}); updating would overwrite the changes`,
        {
          plugin: u.name,
          file: u.root,
          fix: 'move your changes out (or into a plugin of your own), or rerun with --force to overwrite them',
        },
      ),
    ];
  });
  if (edited.length) throw new FarmError(edited);
}

/** Swaps the plugin's files in the Tree for the fetched version's (build products stay out). */
export function replacePluginFiles(tree: Tree, update: ReadyUpdate): void {
  const text = update.fetched.files.find((f) => f.path === 'plugin.json')?.bytes.toString('utf8') ?? '';
  const { loaded, problems } = loadManifest(text, `${update.root}/plugin.json`);
  if (!loaded || hasErrors(problems))
    throw new FarmError(
      problems
        .filter((p) => p.severity === 'error')
        .map((p) => ({
          ...p,
          message: `${p.message} (in ${update.name}@${update.to} from ${update.fetched.source.resolved})`,
        })),
    );
  if (loaded.manifest.name !== update.name || loaded.manifest.version !== update.to) {
    const where = {
      plugin: update.name,
      file: `${update.root}/plugin.json`,
      pointer: '/version',
      fix: 'ask its author to republish with matching package.json and plugin.json versions',
    };
    throw new FarmError([
      problem(
        'FARM_E095',
        `${update.fetched.source.resolved} holds a plugin.json for ${loaded.manifest.name}@${loaded.manifest.version}, not ${update.name}@${update.to}; the package is broken`,
        where,
      ),
    ]);
  }
  for (const file of treeFiles(tree, update.root)) tree.delete(posix.join(update.root, file.path));
  for (const file of update.fetched.files) tree.write(posix.join(update.root, file.path), file.bytes);
}

/**
 * New version, integrity and source in workspace.json; active flag and config stay. The range is
 * kept unless `--latest` moved past it, in which case the new `^version` is recorded.
 */
export function recordUpdates(
  tree: Tree,
  workspace: FarmWorkspace,
  updates: ReadyUpdate[],
  latest: boolean,
): FarmWorkspace {
  const plugins = { ...workspace.plugins };
  for (const u of updates) {
    const { registry, resolved } = u.fetched.source;
    plugins[u.name] = {
      ...u.installed,
      source: {
        type: 'npm',
        spec: latest ? u.fetched.source.spec : u.installed.source.spec,
        ...(registry ? { registry } : {}),
        ...(resolved ? { resolved } : {}),
      },
      version: u.to,
      integrity: pluginIntegrity(u.fetched.files),
    };
  }
  const next = { ...workspace, plugins };
  writeFarmWorkspace(tree, next);
  return next;
}

/**
 * The updated set must still resolve: the new versions' dependencies, farmVersion and config, and
 * the plugins that depend on them (a major update can leave a dependent's range). Only problems
 * involving an updated plugin block it.
 */
export function checkUpdatedGraph(tree: Tree, workspace: FarmWorkspace, updates: ReadyUpdate[]): void {
  const names = new Set(updates.map((u) => u.name));
  const state = loadFarmState(treeWorkspace(tree));
  const ours = (p: { plugin?: string; related?: string[] }) =>
    (p.plugin !== undefined && names.has(p.plugin)) || (p.related ?? []).some((r) => names.has(r));
  const problems = [
    ...state.problems,
    ...resolvePluginGraph({
      manifests: state.manifests,
      refusedManifests: state.refusedManifests,
      workspace,
      workspaceDocument: state.workspaceDocument,
    }).problems,
  ].filter(ours);
  if (hasErrors(problems)) {
    const seen = new Set<string>();
    throw new FarmError(
      problems.filter(
        (p) =>
          p.severity === 'error' &&
          !seen.has(`${p.code}${p.plugin}${p.pointer}${p.message}`) &&
          (seen.add(`${p.code}${p.plugin}${p.pointer}${p.message}`), true),
      ),
    );
  }
}

function short(integrity: string): string {
  return `${integrity.slice(0, 19)}…`;
}
