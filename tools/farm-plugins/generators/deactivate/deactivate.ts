import type { GeneratorCallback, Tree } from '@nx/devkit';
import { pluginNamesOf } from '../lib/plugin-names';
import { refuseUnknownOptions } from '../lib/refuse-unknown-options';
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
  refuseUnknownOptions(options, __dirname);
  return setPluginsActive(tree, pluginNamesOf(options), false, options);
}
