import type { Tree } from '@nx/devkit';
import type { WorkspaceReader } from '../core/state';
import { pluginsDir } from '../core/manifest';

/** The core's workspace reader over an Nx Tree, so generators see their own pending changes. */
export function treeWorkspace(tree: Tree): WorkspaceReader {
  return {
    read: (path) => (tree.exists(path) ? tree.read(path, 'utf-8') : null),
    listManifests: () =>
      tree.exists(pluginsDir)
        ? tree
            .children(pluginsDir)
            .map((name) => `${pluginsDir}/${name}/plugin.json`)
            .filter((file) => tree.isFile(file))
            .sort()
        : [],
  };
}
