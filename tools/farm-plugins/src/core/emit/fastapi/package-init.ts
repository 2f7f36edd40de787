import type { IntegrationPlan } from '../../plan/types';
import { pyLiteral, pyString } from '../shared/code-strings';

/**
 * The backend's `plugins/__init__.py`: mounts every active plugin with Python code as
 * `farm_plugins.<alias>` and sets its config (docs/generated-code.md).
 */
export function packageInit(plan: IntegrationPlan): string {
  const mounted = plan.plugins.filter((p) => p.hasPythonCode);
  return [
    '"""Active FARM plugins, mounted as farm_plugins.<alias> (see docs/generated-code.md)."""',
    'from farm.plugins import mount_plugin, set_plugin_config',
    '',
    ...mounted.map((p) => `mount_plugin(${pyString(p.pythonAlias)}, ${pyString(p.root)})`),
    ...mounted.map((p) => `set_plugin_config(${pyString(p.name)}, ${pyLiteral(p.config)})`),
    '',
    `PLUGINS = [${mounted.map((p) => pyString(p.name)).join(', ')}]`,
    '',
  ].join('\n');
}
