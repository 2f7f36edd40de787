import type { GeneratorCallback, Tree } from '@nx/devkit';
import { pluginNamesOf } from '../lib/plugin-names';
import { setPluginsActive } from '../lib/set-plugin-active';
import type { ActivateGeneratorSchema } from './schema';

/** `nx g @farm/plugins:activate auth [more…]` — the spec's activatePlugin; several are activated together. */
export default async function activateGenerator(
  tree: Tree,
  options: ActivateGeneratorSchema,
): Promise<GeneratorCallback | void> {
  return setPluginsActive(tree, pluginNamesOf(options), true, options);
}
