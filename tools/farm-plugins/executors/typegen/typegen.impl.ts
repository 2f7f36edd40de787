import { logger, type ExecutorContext } from '@nx/devkit';
import { join } from 'node:path';
import { emitConfigTypes } from '../../src/core/emit/config-types';
import { formatProblems, hasErrors } from '../../src/core/errors';
import { loadManifest } from '../../src/core/manifest';
import { diskWorkspace, writeGeneratedFiles } from '../../src/workspace-io';
import type { TypegenExecutorSchema } from './schema';
import { executorProject } from '../lib/executor-project';

export default async function typegenExecutor(
  _options: TypegenExecutorSchema,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const { root } = executorProject(context);
  const file = join(root, 'plugin.json');
  const { loaded, problems } = loadManifest(diskWorkspace(context.root).read(file) ?? '', file);
  if (!loaded || hasErrors(problems)) {
    logger.error(formatProblems(problems.filter((p) => p.severity === 'error')));
    return { success: false };
  }
  const report = writeGeneratedFiles(context.root, await emitConfigTypes(loaded));
  for (const path of report.written) logger.info(`wrote ${path}`);
  for (const path of report.unchanged) logger.info(`unchanged ${path}`);
  return { success: true };
}
