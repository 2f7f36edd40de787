import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { hasErrors } from '../../src/core/errors';
import { loadFarmState } from '../../src/core/state';
import { GateSession } from '../../src/runtime-gate';
import { diskWorkspace, formatBySeverity, pythonExecutable } from '../../src/workspace-io';
import { analyzePluginsOnDisk } from './lib/analyze-plugin-on-disk';
import { backendHostOf, runtimeProblems } from './lib/runtime-gate';
import { validatePluginProject, withRuntimeProblems, type ValidateOutcome } from './lib/validate-plugin-project';
import type { ValidateExecutorSchema } from './schema';

/** Plugins analyzed per Python process: one process per plugin was most of a validate's cost. */
const chunkSize = 25;

/**
 * Many validate tasks in one process (executors.json: preferBatch), so `nx run-many -t validate`
 * loads the workspace, ts-morph and Python once instead of once per plugin. Each task still gets
 * its own result, output and cache entry; results stream as each chunk of plugins is done. The
 * runtime gate is one Python process for the whole batch (a GateSession), asked once a chunk.
 */
export default async function* validateBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, ValidateExecutorSchema>,
  _overrides: ValidateExecutorSchema,
  context: ExecutorContext,
): AsyncGenerator<BatchTaskResult> {
  const state = loadFarmState(diskWorkspace(context.root));
  const byRoot = new Map(state.manifests.map((m) => [m.root, m]));
  const tasks = Object.values(taskGraph.tasks).sort((a, b) => a.id.localeCompare(b.id));
  const backend = backendHostOf(context.projectsConfigurations.projects);
  const session = backend && new GateSession({ python: pythonExecutable, src: `${context.root}/${backend.root}/src`, workspaceRoot: context.root });
  try {
    for (let i = 0; i < tasks.length; i += chunkSize) {
      const chunk = tasks.slice(i, i + chunkSize).map((task) => {
        const root = context.projectsConfigurations.projects[task.target.project].root;
        return { task, root, loaded: byRoot.get(root) };
      });
      const startTime = Date.now();
      const present = chunk.flatMap((c) => c.loaded ?? []);
      const analyses = attempt(() => analyzePluginsOnDisk(context.root, present));
      const judged = chunk.map(({ task, root, loaded }) => {
        const analysis = 'value' in analyses && loaded ? analyses.value[present.indexOf(loaded)] : undefined;
        const outcome = attempt(() => {
          if ('error' in analyses) throw analyses.error;
          return validatePluginProject(state, root, loaded, analysis, inputs[task.id] ?? {});
        });
        return { task, root, loaded, analysis, outcome };
      });
      const runtime = await attemptAsync(() =>
        runtimeProblems(state, judged.map((j) => ({ loaded: j.loaded, analysis: j.analysis, passed: 'value' in j.outcome && !hasErrors(j.outcome.value.problems) })), backend, context.root, (request) => session!.ask(request)),
      );
      for (const { task, root, analysis, outcome } of judged) {
        const final = attempt(() => {
          if ('error' in outcome) throw outcome.error;
          if ('error' in runtime) throw runtime.error;
          return withRuntimeProblems(root, outcome.value, runtime.value.get(root) ?? [], analysis, inputs[task.id] ?? {});
        });
        yield { task: task.id, result: { ...resultOf(root, final), startTime, endTime: Date.now() } };
      }
    }
  } finally {
    session?.close();
  }
}

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
function resultOf(root: string, outcome: { value: ValidateOutcome } | { error: unknown }): { success: boolean; terminalOutput: string } {
  if ('error' in outcome) return { success: false, terminalOutput: `${root}: validate failed: ${String((outcome.error as Error)?.stack ?? outcome.error)}\n` };
  return { success: outcome.value.success, terminalOutput: outputOf(outcome.value) };
}

/** What the single executor logs (warnings, errors, summary), as one task's terminal output. */
function outputOf({ problems, summary }: ValidateOutcome): string {
  const { warnings, errors } = formatBySeverity(problems);
  return [warnings, errors, summary ?? ''].filter(Boolean).join('\n') + '\n';
}
