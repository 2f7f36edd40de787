import type { GeneratorCallback, Tree } from '@nx/devkit';
import { setPluginActive } from '../lib/set-plugin-active';
import type { DeactivateGeneratorSchema } from './schema';

/** `nx g @farm/plugins:deactivate auth` — the spec's deactivatePlugin; refused while active plugins need it. */
export default async function deactivateGenerator(tree: Tree, options: DeactivateGeneratorSchema): Promise<GeneratorCallback | void> {
  return setPluginActive(tree, options.name, false, options);
}
