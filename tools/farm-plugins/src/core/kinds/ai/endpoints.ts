import { pyString } from '../../emit/shared/code-strings';
import { escapePointer as e } from '../../json';
import { sortedEntries } from '../../plan/plan-context';
import type { AIPlan } from '../../plan/types';
import { codeEntryPaths } from '../entries';
import { pythonFiles } from '../file-names';
import type { KindModule } from '../types';
import { aiConfigModule } from './ai-part';

/** `ai.endpoints`: callables the AI router serves over HTTP (docs/manifest.md, the calling convention). */
export const aiEndpointsKind: KindModule = {
  name: 'AI endpoint',
  section: 'ai',
  key: 'endpoints',
  host: 'backend',
  codeKind: 'endpoint',
  slot: ['ai', 'endpoints'],
  plan({ plugins, ctx, byPlugin }) {
    const endpoints: AIPlan['endpoints'] = [];
    for (const plugin of plugins) {
      for (const [name, p] of sortedEntries(plugin.loaded.manifest.ai?.endpoints)) {
        const symbol = ctx.pythonSymbol(plugin, 'endpoint', name, p, `/ai/endpoints/${e(name)}`, {
          method: p.method,
          streaming: p.streaming === true,
        });
        if (symbol) endpoints.push(symbol);
      }
    }
    return ctx.unique(endpoints, (p) => p.name, 'AI endpoint', byPlugin);
  },
  emit: {
    module: aiConfigModule,
    part: ({ ai: { endpoints } }) => ({
      symbols: endpoints,
      runtime: [],
      body: endpoints.map(
        (p) =>
          `router.register_endpoint(${pyString(p.name)}, ${p.local}, method=${pyString(p.method)}, streaming=${p.streaming ? 'True' : 'False'})`,
      ),
    }),
  },
  paths: (manifest) => codeEntryPaths('endpoint', '/ai/endpoints', manifest.ai?.endpoints),
  exportCheck: {
    code: 'FARM_E086',
    language: 'python',
    check: (facts, file, name) => facts.python.symbolProblem(file, name),
  },
  files: pythonFiles,
};
