import type { GeneratorCallback, Tree } from '@nx/devkit';
import { pluginNamesOf } from '../lib/plugin-names';
import { refuseUnknownOptions } from '../lib/refuse-unknown-options';
import { setPluginsActive } from '../lib/set-plugin-active';
import type { ActivateGeneratorSchema } from './schema';

/** `nx g @farm/plugins:activate auth [more…]` — the spec's activatePlugin; several are activated together. */
export default async function activateGenerator(
  tree: Tree,
  options: ActivateGeneratorSchema,
): Promise<GeneratorCallback | void> {
  refuseUnknownOptions(options, __dirname);
  return setPluginsActive(tree, pluginNamesOf(options), true, options);
}
