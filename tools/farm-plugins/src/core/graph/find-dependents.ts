import type { LoadedManifest } from '../manifest';
import type { FarmWorkspace } from '../workspace';

/**
 * Installed plugins that need `name` (a non-optional dependency or peer), sorted; with
 * `activeOnly`, only the active ones — those that would break if it were deactivated.
 */
export function findDependents(manifests: readonly LoadedManifest[], workspace: FarmWorkspace, name: string, options: { activeOnly?: boolean } = {}): string[] {
  return manifests
    .filter(({ manifest }) => {
      const installed = workspace.plugins[manifest.name];
      if (!installed || manifest.name === name || (options.activeOnly && !installed.active)) return false;
      return [...(manifest.dependencies ?? []), ...(manifest.peerDependencies ?? [])].some((d) => d.name === name && !d.optional);
    })
    .map(({ manifest }) => manifest.name)
    .sort();
}
