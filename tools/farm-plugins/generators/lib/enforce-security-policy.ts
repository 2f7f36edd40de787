import { logger, type Tree } from '@nx/devkit';
import type { PluginCodeAnalysis } from '../../src/core/analyze';
import { FarmError, hasErrors, type FarmProblem } from '../../src/core/errors';
import { checkSecurityPolicy } from '../../src/core/security';
import { loadFarmState } from '../../src/core/state';
import type { FarmWorkspace } from '../../src/core/workspace';
import { treeWorkspace } from '../../src/workspace-io/tree-workspace';
import { reportProblems } from '../../src/workspace-io/report-problems';
import { writeFarmWorkspace } from './workspace-file';

/**
 * `add`, `update` and `activate` check plugins as `validate` does before any of their code runs:
 * the code analysis (`analyses`, from analyzePluginsInTree: rules, declared paths, exports) and the
 * workspace security policy against what the manifest declares and the code uses. Every problem
 * of every plugin is reported at once. Policy violations (not code findings) may be accepted with a
 * reason (`--allowSecurityViolations "<reason>"`), recorded in workspace.json as the plugin's
 * `securityOverride`, listing exactly the violations it accepted.
 */
export function enforceSecurityPolicy(
  tree: Tree,
  workspace: FarmWorkspace,
  names: readonly string[],
  overrideReason?: string,
  analyses: ReadonlyMap<string, PluginCodeAnalysis> = new Map(),
): FarmWorkspace {
  const state = loadFarmState(treeWorkspace(tree));
  const plugins = { ...workspace.plugins };
  const code: FarmProblem[] = [];
  const policy: FarmProblem[] = [];
  for (const name of names) {
    const loaded = state.manifests.find((m) => m.manifest.name === name);
    if (!loaded) continue;
    const analysis = analyses.get(name);
    code.push(...(analysis?.problems ?? []));
    const check = () =>
      checkSecurityPolicy({ loaded, policy: workspace.security, installed: plugins[name], usage: analysis?.usage });
    let result = check();
    const installed = plugins[name];
    if (hasErrors(result.problems) && overrideReason?.trim() && installed) {
      plugins[name] = {
        ...installed,
        securityOverride: { reason: overrideReason.trim(), violations: result.violations.map((v) => v.key) },
      };
      result = check();
    }
    policy.push(...result.problems);
  }
  if (hasErrors([...code, ...policy])) {
    const accept = (p: FarmProblem) => ({
      ...p,
      fix: `${p.fix ?? 'change the policy in workspace.json'}; or accept it: --allowSecurityViolations "<why>"`,
    });
    throw new FarmError([
      ...code.filter((p) => p.severity === 'error'),
      ...policy.filter((p) => p.severity === 'error').map(accept),
    ]);
  }
  reportProblems([...code, ...policy]);
  const next = { ...workspace, plugins };
  if (overrideReason) {
    writeFarmWorkspace(tree, next);
    logger.warn(`security policy override recorded in workspace.json: ${overrideReason}`);
  }
  return next;
}
