import { aiConfigModule } from '../../kinds/ai/ai-part';
import { emitHost } from '../../kinds/emit-host';
import type { IntegrationPlan } from '../../plan';
import type { EmitOptions, GeneratedFile } from '../shared';

export type FastapiEmitOptions = EmitOptions;

/**
 * The backend's `plugins` package without its AI setup module: `__init__.py` mounts every active
 * plugin folder as `farm_plugins.<alias>` and sets its config; `integration.py` wires middleware,
 * routers, models, collections and tasks; `requirements.txt` merges the plugins' Python
 * dependencies. The backend host's files are emitHost('backend', …), these and `ai_config.py`.
 */
export function emitFastapi(plan: IntegrationPlan, options: FastapiEmitOptions): GeneratedFile[] {
  return emitHost('backend', plan, options).filter((f) => !f.path.endsWith(`/${aiConfigModule}`));
}
