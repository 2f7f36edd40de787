import { logger, type ExecutorContext } from '@nx/devkit';
import { hasErrors } from '../../core/errors';
import { loadFarmState } from '../../core/state';
import { validatePlugin } from '../../core/validate';
import { detectRuntimes, diskHost, reportProblems } from '../../host';
import type { ValidateExecutorSchema } from './schema';

export default async function validateExecutor(options: ValidateExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  const root = context.projectsConfigurations.projects[context.projectName!].root;
  const state = loadFarmState(diskHost(context.root));
  const needPython = state.manifests.some((m) => m.root === root && m.manifest.pythonVersion);
  const problems = validatePlugin(state, root, detectRuntimes(needPython));
  reportProblems(problems);
  const failed = hasErrors(problems) || (options.warningsAsErrors === true && problems.length > 0);
  if (!failed) logger.info(`${root}/plugin.json: valid${problems.length ? ` (${problems.length} warning(s))` : ''}`);
  return { success: !failed };
}
