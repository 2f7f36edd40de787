import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { ProjectConfiguration } from '@nx/devkit';
import type { FarmProblem } from '../../../src/core/errors';
import type { LoadedManifest } from '../../../src/core/manifest';
import type { FarmState } from '../../../src/core/state';
import { judgePluginsAtRuntime, undeclaredImportProblems, type BackendHost, type GateAsk } from '../../../src/runtime-gate';
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

/** Whether validate's runtime gate imports the backend for this plugin: it has something the backend runs. */
export function runsInBackend(loaded: LoadedManifest): boolean {
  return loaded.manifest.backend !== undefined || loaded.manifest.ai !== undefined;
}

/**
 * The runtime gate's problems for each plugin: the backend imported with it (judgePluginsAtRuntime,
 * for the plugins that run in it), then its Python imports (FARM_E105) — one request each to
 * `ask`. Only plugins that passed the static checks get runtime problems: the runtime would only
 * repeat their errors less precisely. The batch runs the first step itself, beside the analysis.
 */
export async function runtimeProblems(state: FarmState, judged: readonly StaticallyJudged[], backend: BackendHost | undefined, workspaceRoot: string, ask: GateAsk, precomputed?: Map<string, FarmProblem[]>): Promise<Map<string, FarmProblem[]>> {
  if (!backend) return new Map();
  const passed = judged.filter((j): j is StaticallyJudged & { loaded: LoadedManifest; analysis: DiskAnalysis } => j.passed && j.loaded !== undefined && j.analysis !== undefined);
  const found = precomputed ?? (await judgePluginsAtRuntime(state, passed.map((j) => j.loaded).filter(runsInBackend), backend, workspaceRoot, ask));
  const imports = await undeclaredImportProblems(passed.map((j) => ({ loaded: j.loaded, imports: j.analysis.pythonImports })), found, ask);
  return new Map(passed.map((j) => [j.loaded.root, [...(found.get(j.loaded.root) ?? []), ...(imports.get(j.loaded.root) ?? [])]]));
}
