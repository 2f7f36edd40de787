import { logger, type ExecutorContext } from '@nx/devkit';
import { loadFarmState } from '../../core/state';
import { diskHost, reportProblems } from '../../host';
import { analyzePluginOnDisk } from './lib/analyze-plugin-on-disk';
import { validatePluginProject } from './lib/validate-plugin-project';
import type { ValidateExecutorSchema } from './schema';

export default async function validateExecutor(options: ValidateExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  const root = context.projectsConfigurations.projects[context.projectName!].root;
  const state = loadFarmState(diskHost(context.root));
  const loaded = state.manifests.find((m) => m.root === root);
  const outcome = validatePluginProject(state, root, loaded, loaded && analyzePluginOnDisk(context.root, loaded), options);
  reportProblems(outcome.problems);
  if (outcome.summary) logger.info(outcome.summary);
  return { success: outcome.success };
}
