import { logger, type ExecutorContext } from '@nx/devkit';
import { hasErrors } from '../../src/core/errors';
import { loadFarmState } from '../../src/core/state';
import { askGateOnce } from '../../src/runtime-gate';
import { diskWorkspace, pythonExecutable, reportProblems } from '../../src/workspace-io';
import { analyzePluginOnDisk } from './lib/analyze-plugin-on-disk';
import { gateHostsOf, runtimeProblems } from './lib/runtime-gate';
import { validatePluginProject, withRuntimeProblems } from './lib/validate-plugin-project';
import { executorProject } from '../lib/executor-project';
import type { ValidateExecutorSchema } from './schema';

/** One plugin's validate (the batch, validate.batch.ts, gives each task the same output): static checks, then the runtime gate. */
export default async function validateExecutor(
  options: ValidateExecutorSchema,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const { root } = executorProject(context);
  const state = loadFarmState(diskWorkspace(context.root));
  const loaded = state.manifests.find((m) => m.root === root);
  const analysis = loaded && analyzePluginOnDisk(context.root, loaded);
  const statically = validatePluginProject(state, root, loaded, analysis, options);
  const hosts = gateHostsOf(context.projectsConfigurations.projects);
  const gate = {
    python: pythonExecutable,
    src: `${context.root}/${hosts.backend?.root}/src`,
    workspaceRoot: context.root,
  };
  const runtime = await runtimeProblems(
    state,
    [{ loaded, analysis, passed: !hasErrors(statically.problems) }],
    hosts,
    context.root,
    (request, timeoutMs) => askGateOnce(gate, request, timeoutMs),
  );
  const outcome = withRuntimeProblems(root, statically, runtime.get(root) ?? [], analysis, options);
  reportProblems(outcome.problems);
  if (outcome.summary) logger.info(outcome.summary);
  return { success: outcome.success };
}
