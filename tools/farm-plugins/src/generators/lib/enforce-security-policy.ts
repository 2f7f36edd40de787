import { logger, type Tree } from '@nx/devkit';
import { FarmError, hasErrors, type FarmProblem } from '../../core/errors';
import { checkSecurityPolicy } from '../../core/security';
import { loadFarmState } from '../../core/state';
import type { FarmWorkspace } from '../../core/workspace';
import { treeHost } from '../../host/tree-host';
import { reportProblems } from '../../host/report-problems';
import { writeFarmWorkspace } from './workspace-file';

/**
 * `add` and `activate` refuse a plugin that breaks the workspace security policy, unless the user
 * gives a reason (`--allowSecurityViolations "<reason>"`), which is recorded in workspace.json as the
 * plugin's `securityOverride`, listing exactly the violations it accepted.
 */
export function enforceSecurityPolicy(tree: Tree, workspace: FarmWorkspace, names: readonly string[], overrideReason?: string): FarmWorkspace {
  const state = loadFarmState(treeHost(tree));
  const plugins = { ...workspace.plugins };
  const problems: FarmProblem[] = [];
  for (const name of names) {
    const loaded = state.manifests.find((m) => m.manifest.name === name);
    if (!loaded) continue;
    let result = checkSecurityPolicy({ loaded, policy: workspace.security, installed: plugins[name] });
    if (hasErrors(result.problems) && overrideReason?.trim()) {
      plugins[name] = { ...plugins[name], securityOverride: { reason: overrideReason.trim(), violations: result.violations.map((v) => v.key) } };
      result = checkSecurityPolicy({ loaded, policy: workspace.security, installed: plugins[name] });
    }
    problems.push(...result.problems);
  }
  if (hasErrors(problems)) {
    throw new FarmError(problems.filter((p) => p.severity === 'error').map((p) => ({ ...p, fix: `${p.fix ?? 'change the policy in workspace.json'}; or accept it: --allowSecurityViolations "<why>"` })));
  }
  reportProblems(problems);
  const next = { ...workspace, plugins };
  if (overrideReason) {
    writeFarmWorkspace(tree, next);
    logger.warn(`security policy override recorded in workspace.json: ${overrideReason}`);
  }
  return next;
}
