import { getProjects, logger, runTasksInSerial, type GeneratorCallback, type Tree } from '@nx/devkit';
import { posix } from 'node:path';
import { FarmError, type FarmProblem } from '../../src/core/errors';
import { resolvePluginGraph } from '../../src/core/graph';
import { integrateHosts } from '../../src/core/integrate';
import { hostProjectsOf } from '../../src/core/kinds';
import { loadFarmState } from '../../src/core/state';
import { treeWorkspace } from '../../src/workspace-io/tree-workspace';
import { reportProblems } from '../../src/workspace-io/report-problems';
import { syncVenvAfterWrite } from '../../src/python-env';
import { holdUntilInterrupt, letPendingSignalsRun } from '../../src/workspace-io/interrupt';
import {
  checkBackendAtRuntime,
  checkFrontendAssets,
  checkFrontendTypes,
  frontendRouteOwnershipProblems,
} from '../../src/runtime-gate';
import { folderListing } from '../../src/runtime-gate/folder-listing';
import { addNpmDependencies } from './npm-dependencies';
import { lockPythonDependencies } from './python-dependencies';
import { treeIntegrationInputs } from './tree-integration-inputs';

/**
 * Regenerates every host app's plugin wiring inside the Tree, so the generator's change and the
 * generated code land together — or, if integration fails, not at all. The active plugins'
 * dependencies are resolved here too, before anything is written: Python ones by uv into
 * `<backend>/requirements.lock`, npm ones (of the disabled plugins too: the app's typecheck
 * reads their files) into package.json; then the candidate backend must
 * import with the real FastAPI and own its URLs alone, each plugin page must be reachable as
 * React Router matches, and the plugins the change brings must type-check as the frontend app
 * checks them and hold the files and CSS its Vite build needs (the runtime gate,
 * FARM_E103/E104/E106, E138–E140).
 * The returned callback (run by Nx after the Tree is written, never under --dry-run) installs
 * them: `uv pip sync` into `.venv` and the package manager's install.
 */
export async function reintegrateHosts(tree: Tree): Promise<GeneratorCallback> {
  // Ctrl-C or SIGTERM from here to the verdict ends the command with one line, its scratch
  // folders and gate processes gone (interrupt.ts); the Tree is only in memory, so nothing is
  // written. A refusal caused by that same signal (a gate process it killed) is never reported:
  // the signal's handler runs first.
  const held = holdUntilInterrupt({});
  try {
    return await integrateAndJudge(tree);
  } finally {
    await letPendingSignalsRun();
    held.release();
  }
}

async function integrateAndJudge(tree: Tree): Promise<GeneratorCallback> {
  const state = loadFarmState(treeWorkspace(tree));
  const installs: GeneratorCallback[] = [];
  // npm packages first: integrate then counts those package.json will install as the app's (FARM_E054).
  const active = state.workspace
    ? resolvePluginGraph({ manifests: state.manifests, workspace: state.workspace }).order
    : [];
  const activeNames = new Set(active.map((p) => p.name));
  const disabled = state.manifests
    .filter((m) => state.workspace?.plugins[m.manifest.name] && !activeNames.has(m.manifest.name))
    .map((loaded) => ({ name: loaded.manifest.name, loaded }));
  const npmInstall = addNpmDependencies(tree, [...active, ...disabled]);
  // The one integrate path, with the inputs the executor and the dev loop have (runtimes, packages).
  const integrated = integrateHosts(state, hostProjectsOf(getProjects(tree)), treeIntegrationInputs(tree, state));
  if (!integrated.ok) throw new FarmError(integrated.problems.filter((p) => p.severity === 'error'));
  reportProblems(integrated.problems);
  // The backend's Python import runs in its own process while this one type-checks the frontend.
  let gateStarted: number | undefined;
  const gates: Promise<FarmProblem[]>[] = [];
  const frontendChecks: (() => Promise<FarmProblem[]>)[] = [];
  // The plugin folders both halves walk, read from disk once for this gate (folder-listing.ts).
  const disk = folderListing();
  for (const { host, result } of integrated.hosts) {
    for (const file of result.files) {
      if (!tree.exists(file.path) || tree.read(file.path, 'utf-8') !== file.contents)
        tree.write(file.path, file.contents);
    }
    if (host.host === 'backend' && result.plan) {
      const { lockPath, lock } = lockPythonDependencies(tree, host.root, result.plan);
      // Always synced, not only when the lock changed: it also repairs a venv that drifted (~50 ms).
      installs.push(async () =>
        logger.info(`python: ${await syncVenvAfterWrite(tree.root, posix.join(tree.root, lockPath), host.project)}`),
      );
      gateStarted ??= performance.now();
      gates.push(timed('backend', () => checkBackendAtRuntime(tree, host.root, result.plan!, lock, disk)));
    }
    if (host.host === 'frontend' && result.plan) {
      const clashes = frontendRouteOwnershipProblems(result.plan, tree.root);
      if (clashes.length) gates.push(Promise.resolve(clashes));
      else
        frontendChecks.push(
          // What Vite's build needs that TypeScript does not check: imported assets, stylesheets.
          // First: it runs to its end at once (no await), so its timing is its own.
          () => timed('frontend/assets', () => checkFrontendAssets(tree, state, host.root)),
          () => timed('frontend', async () => checkFrontendTypes(tree, state, host.root, host.outDir, disk)),
        );
    }
  }
  if (frontendChecks.length) gateStarted ??= performance.now();
  // Seconds of work (a whole import: ~20 s at 1,000 plugins) that would otherwise pass in silence.
  if (gateStarted !== undefined)
    logger.info('runtime gate: importing the backend with FastAPI, checking the frontend with TypeScript and Vite…');
  gates.push(...frontendChecks.map((check) => check()));
  // Every half settles before the verdict (a crash in one still lets the other clean up its
  // scratch folder), so a refusal lists both runtimes' problems together.
  const settled = await Promise.allSettled(gates);
  const crashed = settled.find((s) => s.status === 'rejected');
  if (crashed) throw crashed.reason;
  const refused = settled.flatMap((s) => (s.status === 'fulfilled' ? s.value : []));
  if (process.env.FARM_GATE_TIMINGS && gateStarted !== undefined)
    process.stderr.write(`[farm] runtime gate: ${Math.round(performance.now() - gateStarted)} ms\n`);
  if (refused.length) throw new FarmError(refused);
  if (gateStarted !== undefined)
    logger.info(`runtime gate: passed in ${((performance.now() - gateStarted) / 1000).toFixed(1)} s`);
  for (const { host } of integrated.hosts) logger.info(`integrated ${host.project} (${host.host})`);
  if (npmInstall) installs.push(npmInstall);
  return runTasksInSerial(...installs);
}

/**
 * Runs one half of the runtime gate and resolves to the problems it refused the change for (a
 * FarmError's), empty when it passed; other errors reject. With FARM_GATE_TIMINGS set, prints how
 * long the half took to stderr (`[farm] runtime gate backend: 812 ms`), for bench/gate-cost.mjs.
 */
async function timed(
  half: 'backend' | 'frontend' | 'frontend/assets',
  run: () => Promise<void>,
): Promise<FarmProblem[]> {
  const started = performance.now();
  try {
    await run();
    return [];
  } catch (error) {
    if (error instanceof FarmError) return [...error.problems];
    throw error;
  } finally {
    if (process.env.FARM_GATE_TIMINGS)
      process.stderr.write(`[farm] runtime gate ${half}: ${Math.round(performance.now() - started)} ms\n`);
  }
}
