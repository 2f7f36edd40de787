import { getProjects, logger, type Tree } from '@nx/devkit';
import { posix } from 'node:path';
import { FarmError, hasErrors } from '../../core/errors';
import { integrateHost, type HostKind } from '../../core/integrate';
import { loadFarmState } from '../../core/state';
import { treeHost } from '../../host/tree-host';
import { reportProblems } from '../../host/report-problems';

/**
 * Regenerates every host app's plugin wiring inside the Tree, so the generator's change and the
 * generated code land together — or, if integration fails, not at all.
 */
export function reintegrateHosts(tree: Tree): void {
  const state = loadFarmState(treeHost(tree));
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
      logger.info(`integrated ${project} (${host})`);
    }
  }
}
