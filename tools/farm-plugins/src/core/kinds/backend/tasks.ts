import { pyString } from '../../emit/shared/code-strings';
import { escapePointer as e } from '../../json';
import { sortedEntries } from '../../plan/plan-context';
import type { BackendPlan } from '../../plan/types';
import { codeEntryPaths } from '../entries';
import { pythonFiles } from '../file-names';
import type { KindModule } from '../types';
import { pyOptional } from '../python-code';
import { integrationModule } from './python-part';

/** `backend.tasks`: functions registered as tasks (farm.tasks), by name across all plugins. */
export const tasksKind: KindModule = {
  name: 'task',
  section: 'backend',
  key: 'tasks',
  host: 'backend',
  codeKind: 'task',
  slot: ['backend', 'tasks'],
  plan({ plugins, ctx, byPlugin }) {
    const tasks: BackendPlan['tasks'] = [];
    for (const plugin of plugins) {
      for (const [name, t] of sortedEntries(plugin.loaded.manifest.backend?.tasks)) {
        const symbol = ctx.pythonSymbol(plugin, 'task', name, t, `/backend/tasks/${e(name)}`, {
          schedule: t.schedule,
          queue: t.queue,
        });
        if (symbol) tasks.push(symbol);
      }
    }
    return ctx.unique(tasks, (t) => t.name, 'task', byPlugin);
  },
  emit: {
    module: integrationModule,
    part: ({ backend: { tasks } }) => ({
      symbols: tasks,
      runtime: tasks.length ? [{ module: 'farm.tasks', name: 'register_task' }] : [],
      body: tasks.map(
        (t) =>
          `register_task(app, ${pyString(t.name)}, ${t.local}, schedule=${pyOptional(t.schedule)}, queue=${pyOptional(t.queue)})`,
      ),
    }),
  },
  paths: (manifest) => codeEntryPaths('task', '/backend/tasks', manifest.backend?.tasks),
  exportCheck: {
    code: 'FARM_E086',
    language: 'python',
    check: (facts, file, name) => facts.python.symbolProblem(file, name),
  },
  files: pythonFiles,
};
