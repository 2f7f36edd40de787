import {
  createProjectGraphAsync,
  readProjectsConfigurationFromProjectGraph,
  workspaceRoot as nxWorkspaceRoot,
} from '@nx/devkit';
import { resolve } from 'node:path';
import { hostProjectsOf, type HostProject } from '../../core/kinds';

export type { HostProject } from '../../core/kinds';

/** Reads the Nx project graph of the workspace this process runs in (cached by Nx: ~0.1 s). */
export async function discoverHostProjects(workspaceRoot: string): Promise<HostProject[]> {
  // The devkit knows one workspace: the one around the current directory.
  if (resolve(workspaceRoot) !== resolve(nxWorkspaceRoot)) {
    throw new Error(
      `the dev loop must run inside the workspace it serves (cwd workspace: ${nxWorkspaceRoot}, asked: ${workspaceRoot})`,
    );
  }
  const graph = await createProjectGraphAsync({ exitOnError: false });
  return hostProjectsOf(readProjectsConfigurationFromProjectGraph(graph).projects);
}
