import { createProjectGraphAsync, readProjectsConfigurationFromProjectGraph, workspaceRoot as nxWorkspaceRoot, type ProjectsConfigurations } from '@nx/devkit';
import { posix, resolve } from 'node:path';
import type { IntegrateExecutorSchema } from '../../../executors/integrate/schema';
import type { HostKind } from './affected-hosts';

/** A host app: an Nx project with an `@farm/plugins:integrate` target. */
export interface HostProject {
  kind: HostKind;
  /** Nx project name (`backend`, `frontend`). */
  project: string;
  /** Project root, workspace-relative. */
  root: string;
  /** Where integrate writes, workspace-relative. */
  outDir: string;
}

export const integrateExecutor = '@farm/plugins:integrate';

/** Host apps as declared in the project configurations (pure, for tests and the graph below). */
export function hostProjectsOf(projects: ProjectsConfigurations['projects']): HostProject[] {
  const hosts: HostProject[] = [];
  for (const [project, config] of Object.entries(projects)) {
    const target = config.targets?.integrate;
    if (target?.executor !== integrateExecutor) continue;
    const options = (target.options ?? {}) as Partial<IntegrateExecutorSchema>;
    if (options.host !== 'backend' && options.host !== 'frontend') continue;
    hosts.push({ kind: options.host, project, root: config.root, outDir: posix.join(config.root, options.outputPath ?? 'src/plugins') });
  }
  return hosts.sort((a, b) => a.project.localeCompare(b.project));
}

/** Reads the Nx project graph of the workspace this process runs in (cached by Nx: ~0.1 s). */
export async function discoverHostProjects(workspaceRoot: string): Promise<HostProject[]> {
  // The devkit knows one workspace: the one around the current directory.
  if (resolve(workspaceRoot) !== resolve(nxWorkspaceRoot)) {
    throw new Error(`the dev loop must run inside the workspace it serves (cwd workspace: ${nxWorkspaceRoot}, asked: ${workspaceRoot})`);
  }
  const graph = await createProjectGraphAsync({ exitOnError: false });
  return hostProjectsOf(readProjectsConfigurationFromProjectGraph(graph).projects);
}
