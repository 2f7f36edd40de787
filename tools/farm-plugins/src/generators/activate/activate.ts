import type { GeneratorCallback, Tree } from '@nx/devkit';
import { setPluginActive } from '../lib/set-plugin-active';
import type { ActivateGeneratorSchema } from './schema';

/** `nx g @farm/plugins:activate auth` — the spec's activatePlugin. */
export default async function activateGenerator(tree: Tree, options: ActivateGeneratorSchema): Promise<GeneratorCallback | void> {
  return setPluginActive(tree, options.name, true, options);
}
