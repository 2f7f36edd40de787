import { logger, type ExecutorContext } from '@nx/devkit';
import { integrateHosts } from '../../src/core/integrate';
import { hostProjectOf } from '../../src/core/kinds';
import { loadFarmState } from '../../src/core/state';
import { diskWorkspace, diskIntegrationInputs, reportProblems, writeGeneratedFiles } from '../../src/workspace-io';
import { executorProject } from '../lib/executor-project';
import type { IntegrateExecutorSchema } from './schema';

export default async function integrateExecutor(
  options: IntegrateExecutorSchema,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const { name: project, root } = executorProject(context);
  const host = hostProjectOf(project, root, context.targetName ?? 'integrate', options);
  if (!host) {
    logger.error(
      `${project}: the integrate target's "host" option must be "frontend" or "backend" (got ${JSON.stringify(options.host)})`,
    );
    return { success: false };
  }
  const state = loadFarmState(diskWorkspace(context.root));
  const inputs = diskIntegrationInputs(context.root, state);
  const {
    hosts: [integrated],
    ok,
  } = integrateHosts(state, [host], inputs);
  const { result } = integrated!; // one result per host asked for
  inputs.configVerdicts.save();
  reportProblems(result.problems);
  // On errors nothing is written: the last good generated code keeps both servers running.
  if (!ok) return { success: false };
  const report = writeGeneratedFiles(context.root, result.files);
  logger.info(
    `${project}: ${report.written.length} file(s) written, ${report.unchanged.length} unchanged (active plugins: ${listed(result.plan?.plugins.map((p) => p.name) ?? [])})`,
  );
  for (const path of report.written) logger.info(`  wrote ${path}`);
  return { success: true };
}

/** A few names, then a count: a workspace of 1,000 plugins must not print 1,000 names per run. */
function listed(names: readonly string[], most = 8): string {
  if (!names.length) return 'none';
  return names.length <= most ? names.join(', ') : `${names.slice(0, most).join(', ')} and ${names.length - most} more`;
}
