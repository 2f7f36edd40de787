import { existsSync, readdirSync, readFileSync, type Dirent } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FarmProblem } from '../../../src/core/errors';
import { hostProjectsOf, type HostProject, type ProjectTargets } from '../../../src/core/kinds';
import type { LoadedManifest } from '../../../src/core/manifest';
import type { FarmState } from '../../../src/core/state';
import {
  judgeFrontendTypes,
  judgePluginsAtRuntime,
  undeclaredImportProblems,
  type GateAsk,
} from '../../../src/runtime-gate';
import type { DiskAnalysis } from './analyze-plugin-on-disk';

/** A plugin validate has judged statically, to be judged by the runtimes next. */
export interface StaticallyJudged {
  loaded: LoadedManifest | undefined;
  analysis: DiskAnalysis | undefined;
  /** No errors so far (the static checks, or a crash of them). */
  passed: boolean;
}

/** The host apps the runtime gate judges against: the first backend and the first frontend integrate target. */
export interface GateHosts {
  backend?: HostProject;
  frontend?: HostProject;
}

/** The host apps of the project configurations (hostProjectsOf). */
export function gateHostsOf(projects: Readonly<Record<string, ProjectTargets>>): GateHosts {
  const hosts = hostProjectsOf(projects);
  return { backend: hosts.find((h) => h.host === 'backend'), frontend: hosts.find((h) => h.host === 'frontend') };
}

/** gateHostsOf from the project.json files of `apps/*` (for `farm plugin validate <dir>`, which has no project graph). */
export function gateHostsOnDisk(workspaceRoot: string): GateHosts {
  const apps = join(workspaceRoot, 'apps');
  const projects: Record<string, ProjectTargets> = {};
  for (const app of existsSync(apps) ? readdirSync(apps) : []) {
    const file = join(apps, app, 'project.json');
    if (!existsSync(file)) continue;
    try {
      projects[app] = { root: `apps/${app}`, targets: JSON.parse(readFileSync(file, 'utf8')).targets };
    } catch {
      // Nx reports a broken project.json itself.
    }
  }
  return gateHostsOf(projects);
}

/** Whether validate's runtime gate imports the backend for this plugin: it has something the backend runs. */
export function runsInBackend(loaded: LoadedManifest): boolean {
  return loaded.manifest.backend !== undefined || loaded.manifest.ai !== undefined;
}

/**
 * Whether validate type-checks this plugin's frontend: it declares one, or its folder holds
 * TypeScript — the app's tsconfig includes `libs/plugins/**\/*.ts(x)`, wired or not, so
 * `nx run frontend:typecheck` reads a plugin's types file even when its manifest has no frontend.
 */
export function hasFrontend(loaded: LoadedManifest, workspaceRoot: string): boolean {
  return loaded.manifest.frontend !== undefined || holdsTypeScript(resolve(workspaceRoot, loaded.root));
}

/** Whether a folder or one below it (not node_modules) holds a `.ts`/`.tsx` file; stops at the first. */
function holdsTypeScript(folder: string): boolean {
  let entries: Dirent[];
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return false;
  }
  return (
    entries.some((e) => e.isFile() && /\.tsx?$/.test(e.name)) ||
    entries.some((e) => e.isDirectory() && e.name !== 'node_modules' && holdsTypeScript(join(folder, e.name)))
  );
}

/**
 * The runtime gate's problems for each plugin: the backend imported with it (judgePluginsAtRuntime,
 * for the plugins that run in it), its, its
 * Python imports (FARM_E105), and its frontend type-checked with the files and CSS its Vite build
 * needs (judgeFrontendTypes: FARM_E106, E138–E140); `precomputed`: the
 * import and the type-check when the batch ran them beside the analysis. Only plugins that
 * passed the static checks get runtime problems: the runtime would only repeat their errors less
 * precisely. `ask` is a gate process's answer.
 */
export async function runtimeProblems(
  state: FarmState,
  judged: readonly StaticallyJudged[],
  hosts: GateHosts,
  workspaceRoot: string,
  ask: GateAsk,
  precomputed: { imported?: Map<string, FarmProblem[]>; types?: Map<string, FarmProblem[]> } = {},
): Promise<Map<string, FarmProblem[]>> {
  const passed = judged.filter(
    (j): j is StaticallyJudged & { loaded: LoadedManifest; analysis: DiskAnalysis } =>
      j.passed && j.loaded !== undefined && j.analysis !== undefined,
  );
  const found = new Map<string, FarmProblem[]>(passed.map((j) => [j.loaded.root, []]));
  const add = (more: ReadonlyMap<string, readonly FarmProblem[]>) => {
    for (const [root, problems] of more) found.get(root)?.push(...problems);
  };
  if (hosts.backend) {
    const imported =
      precomputed.imported ??
      (await judgePluginsAtRuntime(
        state,
        passed.map((j) => j.loaded).filter(runsInBackend),
        hosts.backend,
        workspaceRoot,
        ask,
      ));
    add(imported);
    add(
      await undeclaredImportProblems(
        passed.map((j) => ({ loaded: j.loaded, imports: j.analysis.pythonImports })),
        imported,
        ask,
      ),
    );
  }
  if (hosts.frontend)
    add(
      precomputed.types ??
        (await judgeFrontendTypes(
          state,
          passed.map((j) => j.loaded).filter((loaded) => hasFrontend(loaded, workspaceRoot)),
          hosts.frontend,
          workspaceRoot,
        )),
    );
  return found;
}
