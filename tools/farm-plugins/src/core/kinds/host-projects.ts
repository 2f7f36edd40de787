import { hostOutDir, isHostName } from './hosts';
import type { HostName } from './types';

/** The executor whose targets make a project a host app; its `host` option says which. */
export const integrateExecutor = '@farm/plugins:integrate';

/** A host app: an Nx project with an `@farm/plugins:integrate` target. */
export interface HostProject {
  host: HostName;
  /** Nx project name (`backend`, `frontend`). */
  project: string;
  /** Project root, workspace-relative. */
  root: string;
  /** Where integrate writes, workspace-relative (the target's `outputPath`, else the host's default). */
  outDir: string;
  /** The integrate target's name (`integrate`). */
  target: string;
}

/** What hostProjectsOf reads of a project configuration (Nx's, a Tree's or the graph's). */
export interface ProjectTargets {
  root: string;
  targets?: Readonly<Record<string, { executor?: string; options?: unknown } | undefined>>;
}

/**
 * The host apps among the projects: every target run by `@farm/plugins:integrate` whose `host`
 * option names a host (hosts.ts), sorted by project then target. The one way FARM finds host
 * apps: the dev loop, the graph plugin and the generators read them here. Pure.
 */
export function hostProjectsOf(
  projects: Readonly<Record<string, ProjectTargets>> | ReadonlyMap<string, ProjectTargets>,
): HostProject[] {
  const entries: [string, ProjectTargets][] =
    projects instanceof Map ? [...projects.entries()] : Object.entries(projects);
  const hosts: HostProject[] = [];
  for (const [project, config] of entries) {
    for (const [target, t] of Object.entries(config.targets ?? {}) as [
      string,
      { executor?: string; options?: unknown } | undefined,
    ][]) {
      if (t?.executor !== integrateExecutor) continue;
      const host = hostProjectOf(project, config.root, target, t.options);
      if (host) hosts.push(host);
    }
  }
  return hosts.sort((a, b) =>
    a.project < b.project ? -1 : a.project > b.project ? 1 : a.target < b.target ? -1 : a.target > b.target ? 1 : 0,
  );
}

/** One integrate target as a HostProject, from its options (`host`, `outputPath`); undefined when `host` names no host. */
export function hostProjectOf(
  project: string,
  root: string,
  target: string,
  options: unknown,
): HostProject | undefined {
  const { host, outputPath } = (options ?? {}) as { host?: unknown; outputPath?: unknown };
  if (!isHostName(host)) return undefined;
  return {
    host,
    project,
    root,
    outDir: hostOutDir(host, root, typeof outputPath === 'string' ? outputPath : undefined),
    target,
  };
}
