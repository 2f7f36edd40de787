import { getProjects, logger, runTasksInSerial, type GeneratorCallback, type Tree } from '@nx/devkit';
import { posix } from 'node:path';
import { FarmError, hasErrors } from '../../src/core/errors';
import { resolvePluginGraph } from '../../src/core/graph';
import { integrateHost, type HostKind } from '../../src/core/integrate';
import { loadFarmState } from '../../src/core/state';
import { treeWorkspace } from '../../src/workspace-io/tree-workspace';
import { reportProblems } from '../../src/workspace-io/report-problems';
import { syncVenv } from '../../src/python-env';
import { checkBackendAtRuntime, frontendRouteOwnershipProblems } from '../../src/runtime-gate';
import { addNpmDependencies } from './npm-dependencies';
import { lockPythonDependencies } from './python-dependencies';

/**
 * Regenerates every host app's plugin wiring inside the Tree, so the generator's change and the
 * generated code land together — or, if integration fails, not at all. The active plugins'
 * dependencies are resolved here too, before anything is written: Python ones by uv into
 * `<backend>/requirements.lock`, npm ones into package.json; then the candidate backend must
 * import with the real FastAPI and own its URLs alone, and each plugin page must be reachable
 * as React Router matches (the runtime gate, FARM_E103/E104).
 * The returned callback (run by Nx after the Tree is written, never under --dry-run) installs
 * them: `uv pip sync` into `.venv` and the package manager's install.
 */
export function reintegrateHosts(tree: Tree): GeneratorCallback {
  const state = loadFarmState(treeWorkspace(tree));
  const installs: GeneratorCallback[] = [];
  for (const [project, config] of getProjects(tree)) {
    for (const target of Object.values(config.targets ?? {})) {
      if (target.executor !== '@farm/plugins:integrate') continue;
      const host = target.options?.host as HostKind;
      const result = integrateHost({
        state,
        host,
        project,
        outDir: posix.join(config.root, target.options?.outputPath ?? 'src/plugins'),
        exists: (file) => tree.exists(file),
      });
      if (hasErrors(result.problems)) throw new FarmError(result.problems.filter((p) => p.severity === 'error'));
      reportProblems(result.problems);
      for (const file of result.files) {
        if (!tree.exists(file.path) || tree.read(file.path, 'utf-8') !== file.contents) tree.write(file.path, file.contents);
      }
      if (host === 'backend' && result.plan) {
        const { lockPath, lock } = lockPythonDependencies(tree, config.root, result.plan);
        // Always synced, not only when the lock changed: it also repairs a venv that drifted (~50 ms).
        installs.push(() => logger.info(`python: ${syncVenv(tree.root, posix.join(tree.root, lockPath))}`));
        checkBackendAtRuntime(tree, config.root, result.plan, lock);
      }
      if (host === 'frontend' && result.plan) {
        const clashes = frontendRouteOwnershipProblems(result.plan, tree.root);
        if (clashes.length) throw new FarmError(clashes);
      }
      logger.info(`integrated ${project} (${host})`);
    }
  }
  if (state.workspace) {
    const active = resolvePluginGraph({ manifests: state.manifests, workspace: state.workspace }).order;
    const npmInstall = addNpmDependencies(tree, active);
    if (npmInstall) installs.push(npmInstall);
  }
  return runTasksInSerial(...installs);
}
