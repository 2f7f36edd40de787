import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { loadFarmState } from '../../src/core/state';
import { diskWorkspace, formatBySeverity } from '../../src/workspace-io';
import { analyzePluginsOnDisk } from './lib/analyze-plugin-on-disk';
import { validatePluginProject, type ValidateOutcome } from './lib/validate-plugin-project';
import type { ValidateExecutorSchema } from './schema';

/** Plugins analyzed per Python process: one process per plugin was most of a validate's cost. */
const chunkSize = 25;

/**
 * Many validate tasks in one process (executors.json: preferBatch), so `nx run-many -t validate`
 * loads the workspace, ts-morph and Python once instead of once per plugin. Each task still gets
 * its own result, output and cache entry; results stream as each chunk of plugins is done.
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
  for (let i = 0; i < tasks.length; i += chunkSize) {
    const chunk = tasks.slice(i, i + chunkSize).map((task) => {
      const root = context.projectsConfigurations.projects[task.target.project].root;
      return { task, root, loaded: byRoot.get(root) };
    });
    const startTime = Date.now();
    const present = chunk.flatMap((c) => c.loaded ?? []);
    const analyses = attempt(() => analyzePluginsOnDisk(context.root, present));
    for (const { task, root, loaded } of chunk) {
      const outcome = attempt(() => {
        if ('error' in analyses) throw analyses.error;
        return validatePluginProject(state, root, loaded, loaded && analyses.value[present.indexOf(loaded)], inputs[task.id] ?? {});
      });
      yield { task: task.id, result: { ...resultOf(root, outcome), startTime, endTime: Date.now() } };
    }
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
