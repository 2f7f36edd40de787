import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { hasErrors, type FarmProblem } from '../../src/core/errors';
import { loadFarmState } from '../../src/core/state';
import { GateSession, judgeFrontendTypesInWorker, judgePluginsAtRuntime } from '../../src/runtime-gate';
import { diskWorkspace, formatBySeverity, pythonExecutable } from '../../src/workspace-io';
import { analyzePluginsOnDisk } from './lib/analyze-plugin-on-disk';
import { gateHostsOf, hasFrontend, runsInBackend, runtimeProblems } from './lib/runtime-gate';
import { validatePluginProject, withRuntimeProblems, type ValidateOutcome } from './lib/validate-plugin-project';
import type { ValidateExecutorSchema } from './schema';

/** Plugins analyzed per Python process: one process per plugin was most of a validate's cost. */
const chunkSize = 25;

/**
 * Many validate tasks in one process (executors.json: preferBatch), so `nx run-many -t validate`
 * loads the workspace, ts-morph and Python once instead of once per plugin. Each task still gets
 * its own result, output and cache entry, the same as the single executor's.
 *
 * The runtime gate is one Python process for the whole batch (a GateSession). It imports the
 * backend with every plugin of the batch that runs in it while this process analyzes the code
 * chunk by chunk, and a worker thread type-checks the frontends in one TypeScript program.
 * A plugin with nothing for the gate gets its result as its chunk is done, the others at the end.
 */
export default async function* validateBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, ValidateExecutorSchema>,
  _overrides: ValidateExecutorSchema,
  context: ExecutorContext,
): AsyncGenerator<BatchTaskResult> {
  const state = loadFarmState(diskWorkspace(context.root));
  const byRoot = new Map(state.manifests.map((m) => [m.root, m]));
  const tasks = Object.values(taskGraph.tasks)
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((task) => {
      const root = context.projectsConfigurations.projects[task.target.project]?.root;
      if (root === undefined)
        throw new Error(
          `validate batch: task ${task.id} names project "${task.target.project}", which the workspace does not have`,
        );
      return { task, root, loaded: byRoot.get(root), options: inputs[task.id] ?? {} };
    });
  const hosts = gateHostsOf(context.projectsConfigurations.projects);
  const backend = hosts.backend;
  const session =
    backend &&
    new GateSession({
      python: pythonExecutable,
      src: `${context.root}/${backend.root}/src`,
      workspaceRoot: context.root,
    });
  const ask = session ? session.ask.bind(session) : () => Promise.reject(new Error('no backend host'));
  try {
    const gated = tasks.flatMap((t) => (t.loaded && runsInBackend(t.loaded) ? [t.loaded] : []));
    // Started now, awaited after the analysis: the gate's Python works while this process analyzes.
    const imported = backend
      ? attemptAsync(() => judgePluginsAtRuntime(state, gated, backend, context.root, ask))
      : Promise.resolve({ value: new Map<string, FarmProblem[]>() });
    // And the frontends' type-check, on a worker thread (a heap and a core of its own).
    const typed = tasks.flatMap((t) => (t.loaded && hasFrontend(t.loaded, context.root) ? [t.loaded.root] : []));
    // Read once: hasFrontend may walk a plugin folder for TypeScript files.
    const typedRoots = new Set(typed);
    const types =
      hosts.frontend && typed.length
        ? attemptAsync(() => judgeFrontendTypesInWorker(context.root, typed, hosts.frontend!))
        : Promise.resolve({ value: new Map<string, FarmProblem[]>() });
    const held: Judged[] = [];
    for (let i = 0; i < tasks.length; i += chunkSize) {
      const chunk = tasks.slice(i, i + chunkSize);
      const startTime = Date.now();
      const present = chunk.flatMap((c) => c.loaded ?? []);
      const analyses = attempt(() => analyzePluginsOnDisk(context.root, present));
      for (const { task, root, loaded, options } of chunk) {
        const analysis = 'value' in analyses && loaded ? analyses.value[present.indexOf(loaded)] : undefined;
        const outcome = attempt(() => {
          if ('error' in analyses) throw analyses.error;
          return validatePluginProject(state, root, loaded, analysis, options);
        });
        const judged = { task, root, loaded, analysis, options, outcome, startTime };
        // Nothing for the gate to add (nothing it runs, or failed already): its result now.
        const gated =
          loaded !== undefined &&
          ((backend !== undefined && (runsInBackend(loaded) || Boolean(analysis?.pythonImports.length))) ||
            (hosts.frontend !== undefined && typedRoots.has(loaded.root)));
        if (!gated || !('value' in outcome) || hasErrors(outcome.value.problems)) yield resultOf(judged, outcome);
        else held.push(judged);
      }
    }
    if (!held.length) return;
    const [gate, checked] = await Promise.all([imported, types]);
    const runtime = await attemptAsync(async () => {
      if ('error' in gate) throw gate.error;
      if ('error' in checked) throw checked.error;
      return runtimeProblems(
        state,
        held.map((j) => ({ loaded: j.loaded, analysis: j.analysis, passed: true })),
        hosts,
        context.root,
        ask,
        { imported: gate.value, types: checked.value },
      );
    });
    for (const judged of held) {
      yield resultOf(
        judged,
        attempt(() => {
          if ('error' in judged.outcome) throw judged.outcome.error;
          if ('error' in runtime) throw runtime.error;
          return withRuntimeProblems(
            judged.root,
            judged.outcome.value,
            runtime.value.get(judged.root) ?? [],
            judged.analysis,
            judged.options,
          );
        }),
      );
    }
  } finally {
    session?.close();
  }
}

type Judged = {
  task: TaskGraph['tasks'][string];
  root: string;
  loaded: ReturnType<typeof loadFarmState>['manifests'][number] | undefined;
  analysis: ReturnType<typeof analyzePluginsOnDisk>[number] | undefined;
  options: ValidateExecutorSchema;
  outcome: { value: ValidateOutcome } | { error: unknown };
  startTime: number;
};

/** Nx's BatchExecutorTaskResult, which @nx/devkit does not export. */
interface BatchTaskResult {
  task: string;
  result: { success: boolean; terminalOutput: string; startTime?: number; endTime?: number };
}

function attempt<T>(run: () => T): { value: T } | { error: unknown } {
  try {
    return { value: run() };
  } catch (error) {
    return { error };
  }
}

async function attemptAsync<T>(run: () => Promise<T>): Promise<{ value: T } | { error: unknown }> {
  try {
    return { value: await run() };
  } catch (error) {
    return { error };
  }
}

/** One task's result; a crash fails that task only, with its stack, and the batch goes on. */
function resultOf(
  { task, root, startTime }: Judged,
  outcome: { value: ValidateOutcome } | { error: unknown },
): BatchTaskResult {
  const result =
    'error' in outcome
      ? {
          success: false,
          terminalOutput: `${root}: validate failed: ${String((outcome.error as Error)?.stack ?? outcome.error)}\n`,
        }
      : { success: outcome.value.success, terminalOutput: outputOf(outcome.value) };
  return { task: task.id, result: { ...result, startTime, endTime: Date.now() } };
}

/** What the single executor logs (warnings, errors, summary), as one task's terminal output. */
function outputOf({ problems, summary }: ValidateOutcome): string {
  const { warnings, errors } = formatBySeverity(problems);
  return [warnings, errors, summary ?? ''].filter(Boolean).join('\n') + '\n';
}
