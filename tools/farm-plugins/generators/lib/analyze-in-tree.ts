import type { Tree } from '@nx/devkit';
import type { PluginCodeAnalysis } from '../../src/core/analyze';
import { loadFarmState } from '../../src/core/state';
import { analyzePluginsOnDisk } from '../../executors/validate/lib/analyze-plugin-on-disk';
import { treeWorkspace } from '../../src/workspace-io/tree-workspace';
import type { PluginCodeCopy } from './plugin-code-copy';

/**
 * `validate`'s code analysis (rules, declared paths, exports, what the code uses) of the named
 * plugins, over their files as the Tree holds them (copied out by `copy`, where their hooks are
 * then loaded from). Plugins without a manifest in the Tree are left out.
 */
export function analyzePluginsInTree(
  tree: Tree,
  copy: PluginCodeCopy,
  names: readonly string[],
): ReadonlyMap<string, PluginCodeAnalysis> {
  const state = loadFarmState(treeWorkspace(tree));
  const plugins = state.manifests.filter((m) => names.includes(m.manifest.name));
  for (const loaded of plugins) copy.copy(loaded.root);
  const analyses = analyzePluginsOnDisk(copy.root, plugins);
  return new Map(plugins.map((loaded, i) => [loaded.manifest.name, analyses[i]!])); // one analysis per plugin
}
