import type { PluginCodeAnalysis } from '../analyze';
import type { FarmProblem } from '../errors';
import { resolvePluginGraph, type Runtimes } from '../graph';
import { checkSecurityPolicy } from '../security';
import type { FarmState } from '../state';
import { checkValueDepth } from './check-value-depth';
import { involvedProblems } from './involved-problems';

export interface ValidateOptions {
  runtimes?: Runtimes;
  /**
   * The plugin's code analysis (analyzePluginCode, run by the shell over its files). Without it
   * the code rules and export checks are skipped and the policy sees only the manifest's needs.
   */
  analysis?: PluginCodeAnalysis;
}

/**
 * Everything wrong with one plugin (by folder): its manifest, its dependencies and conflicts,
 * its config, how it sits among the other active plugins (when it is active), its code (safety
 * rules, declared paths, exports; passed in) and the workspace security policy. Pure.
 */
export function validatePlugin(state: FarmState, root: string, options: ValidateOptions = {}): FarmProblem[] {
  const own = (p: FarmProblem) =>
    p.file === `${root}/plugin.json` || (loaded !== undefined && p.plugin === loaded.manifest.name);
  const loaded = state.manifests.find((m) => m.root === root);
  const problems = state.problems.filter((p) => own(p) || p.code === 'FARM_E010' || p.code === 'FARM_E011');
  if (loaded && options.analysis) problems.push(...options.analysis.problems);
  if (!loaded || !state.workspace) return dedupe(problems);

  problems.push(...checkValueDepth(loaded, state));
  const input = {
    manifests: state.manifests,
    refusedManifests: state.refusedManifests,
    workspace: state.workspace,
    workspaceDocument: state.workspaceDocument,
    runtimes: options.runtimes,
  };
  problems.push(...resolvePluginGraph({ ...input, select: [loaded.manifest.name] }).problems.filter(own));
  if (state.workspace.plugins[loaded.manifest.name]?.active) {
    problems.push(...resolvePluginGraph(input).problems.filter(own));
  }
  problems.push(...involvedProblems(state, loaded));
  const security = checkSecurityPolicy({
    loaded,
    policy: state.workspace.security,
    installed: state.workspace.plugins[loaded.manifest.name],
    usage: options.analysis?.usage,
    workspaceDocument: state.workspaceDocument,
  });
  problems.push(...security.problems);
  return dedupe(problems);
}

function dedupe(problems: FarmProblem[]): FarmProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.code}|${p.file}|${p.pointer}|${p.line}|${p.column}|${p.message}`;
    return !seen.has(key) && (seen.add(key), true);
  });
}
