import type { ExecutorContext } from '@nx/devkit';

/**
 * The project an executor runs for (`nx run <project>:<target>`) and its root folder, relative to
 * the workspace. Nx passes both whenever it runs a target; a context without them (an executor
 * called by hand) is refused by name instead of failing on `undefined.root`.
 */
export function executorProject(context: ExecutorContext): { name: string; root: string } {
  const name = context.projectName;
  const project = name === undefined ? undefined : context.projectsConfigurations.projects[name];
  if (name === undefined || project === undefined) {
    throw new Error(
      `@farm/plugins:${context.targetName ?? 'executor'} runs for a project of the workspace (nx run <project>:<target>); got ${name === undefined ? 'no project' : `"${name}", which is not one`}`,
    );
  }
  return { name, root: project.root };
}
