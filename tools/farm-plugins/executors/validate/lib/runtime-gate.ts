import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { ProjectConfiguration } from '@nx/devkit';
import type { FarmProblem } from '../../../src/core/errors';
import type { LoadedManifest } from '../../../src/core/manifest';
import type { FarmState } from '../../../src/core/state';
import { judgePluginsAtRuntime, type BackendHost, type GateReport, type GateRequest } from '../../../src/runtime-gate';
import type { DiskAnalysis } from './analyze-plugin-on-disk';

/** A plugin validate has judged statically, to be judged by the runtimes next. */
export interface StaticallyJudged {
  loaded: LoadedManifest | undefined;
  analysis: DiskAnalysis | undefined;
  /** No errors so far (the static checks, or a crash of them). */
  passed: boolean;
}

/**
 * The backend host of the workspace: the project whose `@farm/plugins:integrate` target has
 * `host: "backend"`, with where it writes. Undefined: no backend, so no backend gate.
 */
export function backendHostOf(projects: Record<string, Pick<ProjectConfiguration, 'root' | 'targets'>>): BackendHost | undefined {
  for (const config of Object.values(projects)) {
    for (const target of Object.values(config.targets ?? {})) {
      if (target.executor !== '@farm/plugins:integrate' || target.options?.host !== 'backend') continue;
      return { root: config.root, outDir: posix.join(config.root, (target.options?.outputPath as string | undefined) ?? 'src/plugins') };
    }
  }
  return undefined;
}

/** backendHostOf from the project.json files of `apps/*` (for `farm plugin validate <dir>`, which has no project graph). */
export function backendHostOnDisk(workspaceRoot: string): BackendHost | undefined {
  const apps = join(workspaceRoot, 'apps');
  if (!existsSync(apps)) return undefined;
  const projects: Record<string, Pick<ProjectConfiguration, 'root' | 'targets'>> = {};
  for (const app of readdirSync(apps)) {
    const file = join(apps, app, 'project.json');
    if (!existsSync(file)) continue;
    try {
      projects[app] = { root: `apps/${app}`, targets: JSON.parse(readFileSync(file, 'utf8')).targets };
    } catch {
      // Nx reports a broken project.json itself.
    }
  }
  return backendHostOf(projects);
}

/**
 * The runtime gate's problems for each plugin that passed the static checks and has something the
 * backend runs (backend or ai entries, or Python files): one `ask` for all of them (see
 * judgePluginsAtRuntime). Plugins that already fail statically are not imported: the runtime would
 * only repeat their errors less precisely.
 */
export async function runtimeProblems(state: FarmState, judged: readonly StaticallyJudged[], backend: BackendHost | undefined, workspaceRoot: string, ask: (request: GateRequest) => GateReport | Promise<GateReport>): Promise<Map<string, FarmProblem[]>> {
  if (!backend) return new Map();
  const gated = judged.flatMap(({ loaded, analysis, passed }) => {
    if (!loaded || !analysis || !passed) return [];
    const runs = loaded.manifest.backend !== undefined || loaded.manifest.ai !== undefined || analysis.pythonImports.length > 0;
    return runs ? [{ loaded, imports: analysis.pythonImports }] : [];
  });
  return judgePluginsAtRuntime(state, gated, backend, workspaceRoot, ask);
}
