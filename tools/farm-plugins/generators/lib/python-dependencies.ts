import type { Tree } from '@nx/devkit';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeScratchFolder } from '../../src/workspace-io/scratch-folder';
import { FarmError, problem } from '../../src/core/errors';
import type { IntegrationPlan } from '../../src/core/plan';
import { pythonLockPath, resolvePythonLock } from '../../src/python-env';

/**
 * Resolves the backend plan's Python requirements together with the host's `uv.lock` (both read
 * from the Tree, so a virtual Tree works too) and writes `<backend>/requirements.lock` into the
 * Tree when it changes. Returns the lock's path and text. Throws FarmError (FARM_E052,
 * FARM_E100, FARM_E101) before anything is written, so a refused change leaves the workspace
 * and the venv as they were.
 */
export function lockPythonDependencies(
  tree: Tree,
  backendRoot: string,
  plan: IntegrationPlan,
): { lockPath: string; lock: string } {
  const lockPath = pythonLockPath(backendRoot);
  const previous = tree.exists(lockPath) ? tree.read(lockPath, 'utf-8')! : undefined;
  for (const file of ['pyproject.toml', 'uv.lock']) {
    if (!tree.exists(file))
      throw new FarmError([
        problem(
          'FARM_E101',
          `${file} is missing: the backend's Python environment is described by pyproject.toml and uv.lock at the workspace root`,
          { file },
        ),
      ]);
  }
  // uv reads the project from a folder: give it the Tree's versions, not the disk's.
  const scratch = makeScratchFolder('uv');
  try {
    for (const file of ['pyproject.toml', 'uv.lock']) writeFileSync(join(scratch.path, file), tree.read(file)!);
    const result = resolvePythonLock(scratch.path, plan.backend.requirements, {
      previousLock: previous,
      venvRoot: tree.root,
    });
    if ('problems' in result) throw new FarmError(result.problems);
    if (result.lock !== previous) tree.write(lockPath, result.lock);
    return { lockPath, lock: result.lock };
  } finally {
    scratch.remove();
  }
}
