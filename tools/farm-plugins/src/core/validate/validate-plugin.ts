import type { FarmProblem } from '../errors';
import { resolvePluginGraph, type Runtimes } from '../graph';
import type { FarmState } from '../state';

/**
 * Everything wrong with one plugin (by folder): its manifest, its dependencies and conflicts,
 * its config, and — when it is active — how it sits among the other active plugins.
 */
export function validatePlugin(state: FarmState, root: string, runtimes: Runtimes = {}): FarmProblem[] {
  const own = (p: FarmProblem) =>
    p.file === `${root}/plugin.json` || (loaded !== undefined && (p.plugin === loaded.manifest.name || p.related?.includes(loaded.manifest.name) === true));
  const loaded = state.manifests.find((m) => m.root === root);
  const problems = state.problems.filter((p) => own(p) || p.code === 'FARM_E010' || p.code === 'FARM_E011');
  if (!loaded || !state.workspace) return problems;

  const input = { manifests: state.manifests, workspace: state.workspace, workspaceDocument: state.workspaceDocument, runtimes };
  problems.push(...resolvePluginGraph({ ...input, select: [loaded.manifest.name] }).problems.filter(own));
  if (state.workspace.plugins[loaded.manifest.name]?.active) {
    problems.push(...resolvePluginGraph(input).problems.filter(own));
  }
  return dedupe(problems);
}

function dedupe(problems: FarmProblem[]): FarmProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.code}|${p.file}|${p.pointer}|${p.message}`;
    return !seen.has(key) && (seen.add(key), true);
  });
}
