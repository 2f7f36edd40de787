import { logger, type Tree } from '@nx/devkit';
import { existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import { emitAiConfig } from '../core/emit/ai-config';
import { emitFastapi } from '../core/emit/fastapi';
import type { GeneratedFile } from '../core/emit/shared';
import { FarmError, hasErrors, type FarmProblem } from '../core/errors';
import { reportProblems } from '../workspace-io/report-problems';
import type { IntegrationPlan } from '../core/plan';
import { pythonExecutable } from '../workspace-io/runtimes';
import { gateSiteCache, stageMissingPackages } from '../python-env';
import { endpointCallProblems, importFailureProblems, urlOwnershipProblems } from './gate-problems';
import {
  pluginsToImport,
  planOf,
  recordEntries,
  routeDigests,
  routeRecordFile,
  routeRecordPath,
  type RouteDigests,
  type RouteRecord,
} from './route-record';
import type { FolderListing } from './folder-listing';
import {
  appChangeProblems,
  frameworkPatchProblems,
  moduleChangeProblems,
  routerChangeProblems,
  slowStartupProblems,
  startupFailureProblems,
  undeclaredPluginImportProblems,
} from './plugin-effects';
import { runBackendGate, type GateEndpointRefusal, type GateRoute } from './run-backend-gate';
import { stageBackend } from './stage-backend';

/**
 * The runtime gate of a generator's change (WordPress's "activate in a sandbox first"): the
 * candidate backend — the Tree's generated code, host and active plugins — is imported by the
 * backend's own Python and FastAPI, with the packages the change would install staged beside
 * the venv (not in it). Throws FarmError before anything is written when it does not import
 * (FARM_E103, located in the plugin at fault) or when two owners answer one URL (FARM_E104).
 *
 * Only what the record of earlier gates (route-record.ts, in `node_modules/.cache/farm/gate-routes`)
 * does not know is imported: the plugins whose digest — their files, their dependencies', the
 * host's sources, the lock, the venv — it has no entry for, with the plugins they depend on; every other
 * active plugin's routes come from the record, and URL ownership is judged over both, against the
 * host's routes from this import. Without a record (the first gate of a workspace) every active
 * plugin is imported, and recorded. A refusal that read the record is confirmed by importing every
 * active plugin before it is reported. Costs one Python process (~1 s; more with many new
 * plugins), run asynchronously: the caller may type-check the frontend meanwhile.
 */
export async function checkBackendAtRuntime(
  tree: Tree,
  backendRoot: string,
  plan: IntegrationPlan,
  lock: string,
  disk?: FolderListing,
): Promise<void> {
  const entry = posix.join(backendRoot, 'src/main.py');
  if (!tree.exists(entry)) {
    // A workspace whose backend project has no app (tests of the graph alone): nothing to import.
    logger.warn(`runtime gate skipped: ${entry} does not exist`);
    return;
  }
  const step = stepTimer();
  // Kept in the workspace between gates; a virtual Tree (tests) keeps nothing.
  const onDisk = existsSync(join(tree.root, 'node_modules'));
  const record = routeRecordFile(onDisk ? routeRecordPath(tree.root) : undefined);
  const digests = routeDigests(tree, backendRoot, plan, lock, pythonExecutable, disk);
  const fresh = pluginsToImport(plan, digests, record);
  step(`digests (${plan.plugins.length - fresh.size} of ${plan.plugins.length} recorded)`);
  const partial = fresh.size < plan.plugins.length;
  const first = await judge(tree, backendRoot, plan, lock, partial ? fresh : undefined, {
    digests,
    record,
    onDisk,
    step,
  });
  // Recorded routes may hold a route of a plugin no longer active (recordEntries): a refusal that
  // read them is only reported if importing every active plugin refuses too — not a process that
  // hung or ended while a plugin's code ran (that code's doing in any app; its time limit would
  // be spent twice). Startup code new to the record receives the app, and so reaches every
  // plugin's router: it is judged in the whole app.
  const confirmed =
    partial && ((hasErrors(first.problems) && !first.crashed) || first.newStartup)
      ? (await judge(tree, backendRoot, plan, lock, undefined, { digests, record, onDisk, step })).problems
      : first.problems;
  record.save();
  if (hasErrors(confirmed)) throw new FarmError(confirmed.filter((p) => p.severity === 'error'));
  reportProblems(confirmed); // warnings (a slow startup)
}

interface JudgeContext {
  digests: RouteDigests;
  record: RouteRecord;
  onDisk: boolean;
  step: (name: string) => void;
}

/**
 * Imports the candidate with the plugins of `only` (undefined: every active plugin, with the
 * Tree's own wiring), records the routes of what it imported, and returns the problems of the
 * whole candidate: the import's failure, or URL ownership and endpoint calls over the imported
 * routes and the recorded routes of the plugins not imported. `newStartup`: with `only`, the
 * startup code of a plugin the record does not know ran — in an app without the plugins not
 * imported, which that code could reach through the app: nothing is recorded, and the caller
 * judges the whole app. `crashed`: the process hung or ended while the code of a plugin it
 * names ran.
 */
async function judge(
  tree: Tree,
  backendRoot: string,
  plan: IntegrationPlan,
  lock: string,
  only: ReadonlySet<string> | undefined,
  { digests, record, onDisk, step }: JudgeContext,
): Promise<{ problems: FarmProblem[]; newStartup?: true; crashed?: boolean }> {
  const candidate = only ? planOf(plan, only) : plan;
  const outDir = posix.join(backendRoot, 'src/plugins');
  const wiring = only ? subsetWiring(candidate, outDir) : undefined;
  const staged = stageBackend(tree, backendRoot, candidate, wiring);
  step('stage');
  try {
    // Kept in the workspace between gates (add --dry-run, then add); a virtual Tree (tests) has none.
    const cache = onDisk ? join(tree.root, gateSiteCache) : join(staged.root, '.gate-site');
    const site = stageMissingPackages(lock, pythonExecutable, cache, staged.root);
    step('packages');
    // A minute, and half a second for each plugin imported (as validate's gate allows).
    const timeoutMs = 60_000 + 500 * candidate.plugins.length;
    const outcome = await runBackendGate(pythonExecutable, staged, { extraPath: site, timeoutMs });
    const seconds = 'seconds' in outcome ? outcome.seconds : undefined;
    // Python's own account: the step above also holds the time this process was busy elsewhere.
    step(
      `python (${candidate.plugins.length} plugins imported${seconds ? `; warm ${seconds.warm} s, import ${seconds.import} s` : ''})`,
    );
    if (!outcome.ok) {
      const generated = new Map((wiring ?? treeWiring(tree, outDir)).map((f) => [f.path, f.contents]));
      const problems = importFailureProblems(outcome, candidate, generated, [staged.root, tree.root]);
      return { problems, crashed: 'crashed' in outcome && outcome.running !== undefined };
    }
    // What the change's code did to the other plugins (issue 12): their routers changed, their
    // packages imported without declaring them.
    const effects = outcome.plugins ?? { imports: [], routers: [] };
    const roots = [staged.root, tree.root];
    const touched = touchedPlugins(tree, candidate);
    const declares = (plugin: string, other: string) => digests.dependencies.get(plugin)?.includes(other) ?? false;
    const effectProblems = [
      ...routerChangeProblems(effects.routers, candidate, touched, roots),
      ...appChangeProblems(effects.app ?? [], candidate, roots),
      ...frameworkPatchProblems(effects.frameworks ?? [], candidate, roots),
      ...moduleChangeProblems(effects.modules ?? [], candidate, declares, roots),
      ...startupFailureProblems(effects.failed ?? [], candidate, roots),
      ...slowStartupProblems(effects.slow ?? [], candidate, touched, roots),
      ...undeclaredPluginImportProblems(effects.imports, candidate, digests.dependencies, roots),
    ];
    const endpoints = outcome.endpoints ?? [];
    const started = startedPlugins(effects.started ?? [], candidate);
    if (only && [...started].some((name) => !record.get(digests.digests.get(name)!)))
      return { problems: [], newStartup: true };
    // Routes another plugin changed are not what their plugins answer: not recorded.
    if (!effects.routers.length && !effects.app?.length && !effects.failed?.length && !effects.frameworks?.length)
      for (const [name, entry] of recordEntries(candidate, digests.dependencies, outcome.routes, endpoints, started))
        record.set(digests.digests.get(name)!, entry);
    const routes: GateRoute[] = [...outcome.routes];
    const refusals: GateEndpointRefusal[] = [...endpoints];
    if (only) {
      for (const plugin of plan.plugins) {
        if (only.has(plugin.name)) continue;
        const recorded = record.get(digests.digests.get(plugin.name)!)!; // pluginsToImport took the unknown
        routes.push(...recorded.routes);
        refusals.push(...recorded.endpoints);
      }
    }
    // Routes of plugins not imported were judged when they came: only pairs with an imported one are compared.
    const judged = only ? (owner: string) => only.has(owner) : undefined;
    return {
      problems: [
        ...effectProblems,
        ...urlOwnershipProblems(unique(routes), plan, judged),
        ...endpointCallProblems(unique(refusals), plan),
      ],
    };
  } finally {
    staged.remove();
  }
}

/** The plugins (by name) whose Python alias is among `aliases` (the gate's `started`). */
function startedPlugins(aliases: readonly string[], plan: IntegrationPlan): Set<string> {
  const started = new Set(aliases);
  return new Set(plan.plugins.filter((p) => started.has(p.pythonAlias)).map((p) => p.name));
}

/** The plugins of `plan` whose folder the Tree changes (a plugin added, updated or edited), by name. */
function touchedPlugins(tree: Tree, plan: IntegrationPlan): Set<string> {
  const changed = tree.listChanges().map((c) => c.path);
  return new Set(
    plan.plugins
      .filter((p) => changed.some((path) => path === p.root || path.startsWith(`${p.root}/`)))
      .map((p) => p.name),
  );
}

/** The generated `plugins/` package of a candidate with some of the active plugins. */
function subsetWiring(plan: IntegrationPlan, outDir: string): GeneratedFile[] {
  const options = { outDir, runCommand: 'nx run backend:integrate' };
  return [...emitFastapi(plan, options), ...emitAiConfig(plan, options)];
}

/** The Tree's generated wiring (changed or not), to locate a failure in it. */
function treeWiring(tree: Tree, outDir: string): GeneratedFile[] {
  const files = new Map(
    tree
      .listChanges()
      .filter((c) => c.path.startsWith(`${posix.dirname(outDir)}/`) && c.content)
      .map((c) => [c.path, c.content!.toString('utf8')]),
  );
  for (const file of ['integration.py', '__init__.py', 'ai_config.py']) {
    const path = posix.join(outDir, file);
    if (!files.has(path) && tree.exists(path)) files.set(path, tree.read(path, 'utf-8')!);
  }
  return [...files].map(([path, contents]) => ({ path, contents }));
}

/** Each value once (a dependency's route is in each of its dependents' entries). */
function unique<T>(values: readonly T[]): T[] {
  return [...new Map(values.map((v) => [JSON.stringify(v), v])).values()];
}

/**
 * With FARM_GATE_TIMINGS set, prints how long each step of the backend half took since the last
 * (`[farm] runtime gate backend/python: 812 ms`), for bench/gate-cost.mjs; otherwise does nothing.
 */
function stepTimer(): (step: string) => void {
  let last = performance.now();
  return (step) => {
    if (!process.env.FARM_GATE_TIMINGS) return;
    const now = performance.now();
    process.stderr.write(`[farm] runtime gate backend/${step}: ${Math.round(now - last)} ms\n`);
    last = now;
  };
}
