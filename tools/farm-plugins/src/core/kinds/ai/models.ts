import { pyLiteral, pyString } from '../../emit/shared/code-strings';
import { escapePointer as e } from '../../json';
import { sortedEntries } from '../../plan/plan-context';
import type { AIPlan } from '../../plan/types';
import type { KindModule } from '../types';
import { aiConfigModule } from './ai-part';

/** `ai.models`: model settings registered with the AI router; each names a provider an active plugin declares. */
export const aiModelsKind: KindModule = {
  name: 'AI model',
  section: 'ai',
  key: 'models',
  host: 'backend',
  slot: ['ai', 'models'],
  plan({ plugins, ctx, byPlugin, plan }) {
    const models: AIPlan['models'] = [];
    for (const plugin of plugins) {
      for (const [name, m] of sortedEntries(plugin.loaded.manifest.ai?.models)) {
        models.push(
          ctx.origin(plugin, `/ai/models/${e(name)}`, {
            name,
            provider: m.provider,
            config: m.config,
            requirements: m.requirements,
          }),
        );
      }
    }
    // The providers kind comes first in the table: its slot is planned.
    const providers = new Set(plan.ai.providers.map((p) => p.name));
    return ctx
      .unique(models, (m) => m.name, 'AI model', byPlugin)
      .filter((m) => {
        if (providers.has(m.provider)) return true;
        ctx.report(
          'FARM_E058',
          `AI model "${m.name}" names provider "${m.provider}", which no active plugin declares`,
          byPlugin.get(m.plugin)!,
          `${m.pointer}/provider`,
        );
        return false;
      });
  },
  emit: {
    module: aiConfigModule,
    part: ({ ai: { models } }) => ({
      symbols: [],
      runtime: [],
      body: models.map(
        (m) =>
          `router.register_model(${pyString(m.name)}, ${pyLiteral({ provider: m.provider, config: m.config, requirements: m.requirements })})`,
      ),
    }),
  },
};
