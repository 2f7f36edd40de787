import { pyString } from '../../emit/shared/code-strings';
import { escapePointer as e } from '../../json';
import { sortedEntries } from '../../plan/plan-context';
import type { AIPlan } from '../../plan/types';
import { codeEntryPaths } from '../entries';
import { pythonFiles } from '../file-names';
import type { KindModule } from '../types';
import { pyList } from '../python-code';
import { aiConfigModule } from './ai-part';

/** `ai.pipelines`: callables registered with the AI router with their input and output types. */
export const aiPipelinesKind: KindModule = {
  name: 'AI pipeline',
  section: 'ai',
  key: 'pipelines',
  host: 'backend',
  codeKind: 'pipeline',
  slot: ['ai', 'pipelines'],
  plan({ plugins, ctx, byPlugin }) {
    const pipelines: AIPlan['pipelines'] = [];
    for (const plugin of plugins) {
      for (const [name, p] of sortedEntries(plugin.loaded.manifest.ai?.pipelines)) {
        const symbol = ctx.pythonSymbol(plugin, 'pipeline', name, p, `/ai/pipelines/${e(name)}`, {
          inputTypes: p.inputTypes,
          outputTypes: p.outputTypes,
        });
        if (symbol) pipelines.push(symbol);
      }
    }
    return ctx.unique(pipelines, (p) => p.name, 'AI pipeline', byPlugin);
  },
  emit: {
    module: aiConfigModule,
    part: ({ ai: { pipelines } }) => ({
      symbols: pipelines,
      runtime: [],
      body: pipelines.map(
        (p) =>
          `router.register_pipeline(${pyString(p.name)}, ${p.local}, input_types=${pyList(p.inputTypes)}, output_types=${pyList(p.outputTypes)})`,
      ),
    }),
  },
  paths: (manifest) => codeEntryPaths('pipeline', '/ai/pipelines', manifest.ai?.pipelines),
  exportCheck: {
    code: 'FARM_E086',
    language: 'python',
    check: (facts, file, name) => facts.python.symbolProblem(file, name),
  },
  files: pythonFiles,
};
