import { logger, type ExecutorContext } from '@nx/devkit';
import { loadFarmState } from '../../src/core/state';
import { diskWorkspace, reportProblems } from '../../src/workspace-io';
import { analyzePluginOnDisk } from './lib/analyze-plugin-on-disk';
import { validatePluginProject } from './lib/validate-plugin-project';
import type { ValidateExecutorSchema } from './schema';

export default async function validateExecutor(options: ValidateExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  const root = context.projectsConfigurations.projects[context.projectName!].root;
  const state = loadFarmState(diskWorkspace(context.root));
  const loaded = state.manifests.find((m) => m.root === root);
  const outcome = validatePluginProject(state, root, loaded, loaded && analyzePluginOnDisk(context.root, loaded), options);
  reportProblems(outcome.problems);
  if (outcome.summary) logger.info(outcome.summary);
  return { success: outcome.success };
}
