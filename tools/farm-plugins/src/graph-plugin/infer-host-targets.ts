import type { ProjectConfiguration, TargetConfiguration } from '@nx/devkit';
import type { TargetInputs } from './tool-inputs';

import { integrateExecutor } from '../core/kinds/host-projects';

export { integrateExecutor };

/**
 * A host app's integrate targets (any target of its project.json run by `@farm/plugins:integrate`),
 * with the inputs the graph plugin owns: workspace.json, the files of the plugins the app depends
 * on (`^default`, edges from createDependencies) and the tool's own sources and versions. The
 * project.json keeps options, outputs and cache; an `inputs` of its own there would replace these.
 */
export function inferHostTargets(
  projectJson: Pick<ProjectConfiguration, 'targets'> | undefined,
  tool: TargetInputs,
): Record<string, TargetConfiguration> {
  const targets: Record<string, TargetConfiguration> = {};
  for (const [name, target] of Object.entries(projectJson?.targets ?? {})) {
    if (target?.executor !== integrateExecutor) continue;
    targets[name] = {
      executor: integrateExecutor,
      cache: true,
      inputs: ['{workspaceRoot}/workspace.json', '^default', ...tool],
    };
  }
  return targets;
}
