import { logger, type ExecutorContext } from '@nx/devkit';
import { hasErrors } from '../../core/errors';
import { loadFarmState } from '../../core/state';
import { validatePlugin } from '../../core/validate';
import { detectRuntimes, diskHost, reportProblems } from '../../host';
import { analyzePluginOnDisk } from './lib/analyze-plugin-on-disk';
import type { ValidateExecutorSchema } from './schema';

export default async function validateExecutor(options: ValidateExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  const root = context.projectsConfigurations.projects[context.projectName!].root;
  const state = loadFarmState(diskHost(context.root));
  const loaded = state.manifests.find((m) => m.root === root);
  const analysis = loaded && analyzePluginOnDisk(context.root, loaded);
  const problems = validatePlugin(state, root, { runtimes: detectRuntimes(Boolean(loaded?.manifest.pythonVersion)), analysis });
  reportProblems(problems);
  const failed = hasErrors(problems) || (options.warningsAsErrors === true && problems.length > 0);
  if (!failed) logger.info(`${root}/plugin.json: valid${problems.length ? ` (${problems.length} warning(s))` : ''}${analysis ? `; ${analysis.files.length} source file(s) analyzed, ${analysis.suppressed.length} finding(s) suppressed` : ''}`);
  return { success: !failed };
}
