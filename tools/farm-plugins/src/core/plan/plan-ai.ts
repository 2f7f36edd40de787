import type { ResolvedPlugin } from '../graph';
import { escapePointer as e } from '../json';
import { sortedEntries, type PlanContext } from './plan-context';
import type { IntegrationPlan } from './types';

type AI = IntegrationPlan['ai'];

export function planAI(plugins: ResolvedPlugin[], ctx: PlanContext, byPlugin: Map<string, ResolvedPlugin>): AI {
  const ai: AI = { providers: [], models: [], pipelines: [], endpoints: [] };
  for (const plugin of plugins) {
    const section = plugin.loaded.manifest.ai;
    if (!section) continue;
    for (const [name, p] of sortedEntries(section.providers)) {
      const symbol = ctx.pythonSymbol(plugin, 'provider', name, p, `/ai/providers/${e(name)}`, { models: p.models, capabilities: p.capabilities });
      if (symbol) ai.providers.push(symbol);
    }
    for (const [name, m] of sortedEntries(section.models)) {
      ai.models.push(ctx.origin(plugin, `/ai/models/${e(name)}`, { name, provider: m.provider, config: m.config, requirements: m.requirements }));
    }
    for (const [name, p] of sortedEntries(section.pipelines)) {
      const symbol = ctx.pythonSymbol(plugin, 'pipeline', name, p, `/ai/pipelines/${e(name)}`, { inputTypes: p.inputTypes, outputTypes: p.outputTypes });
      if (symbol) ai.pipelines.push(symbol);
    }
    for (const [name, p] of sortedEntries(section.endpoints)) {
      const symbol = ctx.pythonSymbol(plugin, 'endpoint', name, p, `/ai/endpoints/${e(name)}`, { method: p.method, streaming: p.streaming === true });
      if (symbol) ai.endpoints.push(symbol);
    }
  }
  ai.providers = ctx.unique(ai.providers, (p) => p.name, 'AI provider', byPlugin);
  ai.models = ctx.unique(ai.models, (m) => m.name, 'AI model', byPlugin);
  ai.pipelines = ctx.unique(ai.pipelines, (p) => p.name, 'AI pipeline', byPlugin);
  ai.endpoints = ctx.unique(ai.endpoints, (p) => p.name, 'AI endpoint', byPlugin);
  const providers = new Set(ai.providers.map((p) => p.name));
  ai.models = ai.models.filter((m) => {
    if (providers.has(m.provider)) return true;
    ctx.report('FARM_E058', `AI model "${m.name}" names provider "${m.provider}", which no active plugin declares`, byPlugin.get(m.plugin)!, `${m.pointer}/provider`);
    return false;
  });
  return ai;
}
