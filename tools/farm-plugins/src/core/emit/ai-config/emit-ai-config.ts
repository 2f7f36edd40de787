import { aiConfigModule } from '../../kinds/ai/ai-part';
import { emitHost } from '../../kinds/emit-host';
import type { IntegrationPlan } from '../../plan';
import type { EmitOptions, GeneratedFile } from '../shared';

export type AiConfigEmitOptions = EmitOptions;

/** `ai_config.py`: registers the active plugins' AI providers, models, pipelines and endpoints (one of the backend host's files). */
export function emitAiConfig(plan: IntegrationPlan, options: AiConfigEmitOptions): GeneratedFile[] {
  return emitHost('backend', plan, options).filter((f) => f.path.endsWith(`/${aiConfigModule}`));
}
