import { logger, type ExecutorContext } from '@nx/devkit';
import { posix } from 'node:path';
import { hasErrors } from '../../src/core/errors';
import { integrateHost } from '../../src/core/integrate';
import { loadFarmState } from '../../src/core/state';
import { diskWorkspace, diskIntegrationInputs, reportProblems, writeGeneratedFiles } from '../../src/workspace-io';
import type { IntegrateExecutorSchema } from './schema';

export default async function integrateExecutor(options: IntegrateExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  const projectRoot = context.projectsConfigurations.projects[context.projectName!].root;
  const state = loadFarmState(diskWorkspace(context.root));
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
  logger.info(`${context.projectName}: ${report.written.length} file(s) written, ${report.unchanged.length} unchanged (active plugins: ${listed(result.plan?.plugins.map((p) => p.name) ?? [])})`);
  for (const path of report.written) logger.info(`  wrote ${path}`);
  return { success: true };
}

/** A few names, then a count: a workspace of 1,000 plugins must not print 1,000 names per run. */
function listed(names: readonly string[], most = 8): string {
  if (!names.length) return 'none';
  return names.length <= most ? names.join(', ') : `${names.slice(0, most).join(', ')} and ${names.length - most} more`;
}
