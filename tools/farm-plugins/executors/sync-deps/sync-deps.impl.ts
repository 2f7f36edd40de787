import { logger, type ExecutorContext } from '@nx/devkit';
import { join } from 'node:path';
import { FarmError, hasErrors } from '../../src/core/errors';
import { integrateHost } from '../../src/core/integrate';
import { hostOutDir } from '../../src/core/kinds';
import { loadFarmState } from '../../src/core/state';
import {
  diskWorkspace,
  diskIntegrationInputs,
  readTextOrNull,
  reportProblems,
  writeGeneratedFiles,
} from '../../src/workspace-io';
import { pythonLockPath, resolvePythonLock, syncVenv } from '../../src/python-env';
import type { SyncDepsExecutorSchema } from './schema';
import { executorProject } from '../lib/executor-project';

/**
 * `nx run backend:sync-deps`: the backend's `.venv` holds exactly uv.lock's packages plus the
 * active plugins' Python dependencies. Not cached by Nx: its output is an installed environment,
 * which a cache could not restore; a second run is a no-op (no network while the lock's inputs
 * are unchanged, `uv pip sync` checks in ~50 ms).
 */
export default async function syncDepsExecutor(
  options: SyncDepsExecutorSchema,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const { root: projectRoot } = executorProject(context);
  const state = loadFarmState(diskWorkspace(context.root));
  const integrated = integrateHost({
    ...diskIntegrationInputs(context.root, state),
    state,
    host: 'backend',
    outDir: hostOutDir('backend', projectRoot, options.outputPath),
    project: context.projectName!,
  });
  if (hasErrors(integrated.problems) || !integrated.plan) {
    reportProblems(integrated.problems);
    return { success: false };
  }
  const lockPath = pythonLockPath(projectRoot);
  const previous = readTextOrNull(join(context.root, lockPath)) ?? undefined;
  const resolved = resolvePythonLock(context.root, integrated.plan.backend.requirements, { previousLock: previous });
  if ('problems' in resolved) {
    reportProblems(resolved.problems);
    return { success: false };
  }
  if (resolved.lock !== previous) {
    writeGeneratedFiles(context.root, [{ path: lockPath, contents: resolved.lock }]);
    logger.info(`wrote ${lockPath}`);
  }
  try {
    logger.info(`python: ${syncVenv(context.root, join(context.root, lockPath))}`);
  } catch (error) {
    if (!(error instanceof FarmError)) throw error;
    reportProblems(error.problems);
    return { success: false };
  }
  return { success: true };
}
