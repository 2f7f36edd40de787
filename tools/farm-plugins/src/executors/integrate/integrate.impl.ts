import { logger, type ExecutorContext } from '@nx/devkit';
import { posix } from 'node:path';
import { hasErrors } from '../../core/errors';
import { integrateHost } from '../../core/integrate';
import { loadFarmState } from '../../core/state';
import { diskHost, diskIntegrationInputs, reportProblems, writeGeneratedFiles } from '../../host';
import type { IntegrateExecutorSchema } from './schema';

export default async function integrateExecutor(options: IntegrateExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  const projectRoot = context.projectsConfigurations.projects[context.projectName!].root;
  const state = loadFarmState(diskHost(context.root));
  const inputs = diskIntegrationInputs(context.root, state);
  const result = integrateHost({
    ...inputs,
    state,
    host: options.host,
    outDir: posix.join(projectRoot, options.outputPath ?? 'src/plugins'),
    project: context.projectName!,
  });
  inputs.configVerdicts.save();
  reportProblems(result.problems);
  // On errors nothing is written: the last good generated code keeps both servers running.
  if (hasErrors(result.problems)) return { success: false };
  const report = writeGeneratedFiles(context.root, result.files);
  const plugins = result.plan?.plugins.map((p) => p.name).join(', ') || 'none';
  logger.info(`${context.projectName}: ${report.written.length} file(s) written, ${report.unchanged.length} unchanged (active plugins: ${plugins})`);
  for (const path of report.written) logger.info(`  wrote ${path}`);
  return { success: true };
}
