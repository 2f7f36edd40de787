import { getProjects, type Tree } from '@nx/devkit';
import { FarmError, problem } from '../../src/core/errors';
import { projectNameOf } from '../../src/core/manifest';

/**
 * A plugin's Nx project name (its package name without scope and `plugin-` prefix) may not be a
 * project the workspace already declares in a project.json (`frontend`, `backend`, `workspace`,
 * …): Nx would then find one project "defined in multiple locations" and refuse every command,
 * `remove` included. Throws FARM_E007 before anything is written. `file` is the manifest shown.
 */
export function refuseTakenProjectName(tree: Tree, packageName: string, file: string): void {
  const project = projectNameOf(packageName);
  const taken = getProjects(tree).get(project);
  if (!taken) return;
  throw new FarmError([
    problem(
      'FARM_E007',
      `${packageName} would be the Nx project "${project}", which ${taken.root || 'the workspace root'} already is`,
      {
        plugin: packageName,
        file,
        pointer: '/name',
        fix: `rename the plugin's package (e.g. @scope/plugin-${project}-x), so that its project name differs from "${project}"`,
      },
    ),
  ]);
}
