import { pyString } from '../../emit/shared/code-strings';
import { escapePointer as e } from '../../json';
import { sortedEntries } from '../../plan/plan-context';
import type { AIPlan } from '../../plan/types';
import { codeEntryPaths } from '../entries';
import { pythonFiles } from '../file-names';
import type { KindModule } from '../types';
import { pyList } from '../python-code';
import { aiConfigModule } from './ai-part';

/** `ai.providers`: AIProvider classes registered with the AI router, by name across all plugins. */
export const aiProvidersKind: KindModule = {
  name: 'AI provider',
  section: 'ai',
  key: 'providers',
  host: 'backend',
  codeKind: 'provider',
  slot: ['ai', 'providers'],
  plan({ plugins, ctx, byPlugin }) {
    const providers: AIPlan['providers'] = [];
    for (const plugin of plugins) {
      for (const [name, p] of sortedEntries(plugin.loaded.manifest.ai?.providers)) {
        const symbol = ctx.pythonSymbol(plugin, 'provider', name, p, `/ai/providers/${e(name)}`, {
          models: p.models,
          capabilities: p.capabilities,
        });
        if (symbol) providers.push(symbol);
      }
    }
    return ctx.unique(providers, (p) => p.name, 'AI provider', byPlugin);
  },
  emit: {
    module: aiConfigModule,
    part: ({ ai: { providers } }) => ({
      symbols: providers,
      runtime: [],
      body: providers.map(
        (p) =>
          `router.register_provider(${pyString(p.name)}, ${p.local}, plugin=${pyString(p.plugin)}, models=${pyList(p.models)}, capabilities=${pyList(p.capabilities)})`,
      ),
    }),
  },
  paths: (manifest) => codeEntryPaths('provider', '/ai/providers', manifest.ai?.providers),
  exportCheck: {
    code: 'FARM_E085',
    language: 'python',
    check: (facts, file, name) => facts.python.providerProblem(file, name),
  },
  files: pythonFiles,
};
