import type { GeneratorCallback, Tree } from '@nx/devkit';
import { pluginNamesOf } from '../lib/plugin-names';
import { setPluginsActive } from '../lib/set-plugin-active';
import type { DeactivateGeneratorSchema } from './schema';

/**
 * `nx g @farm/plugins:deactivate auth [more…]` — the spec's deactivatePlugin. Several are
 * deactivated together, all or nothing; refused only while an active plugin outside them needs one.
 */
export default async function deactivateGenerator(
  tree: Tree,
  options: DeactivateGeneratorSchema,
): Promise<GeneratorCallback | void> {
  return setPluginsActive(tree, pluginNamesOf(options), false, options);
}
