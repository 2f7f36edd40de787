import type { LoadedManifest } from '../manifest';
import type { FarmWorkspace } from '../workspace';

/**
 * Installed plugins that need `name` (a non-optional dependency or peer), sorted; with
 * `activeOnly`, only the active ones — those that would break if it were deactivated.
 */
export function findDependents(
  manifests: readonly LoadedManifest[],
  workspace: FarmWorkspace,
  name: string,
  options: { activeOnly?: boolean } = {},
): string[] {
  return manifests
    .filter(({ manifest }) => {
      const installed = workspace.plugins[manifest.name];
      if (!installed || manifest.name === name || (options.activeOnly && !installed.active)) return false;
      return [...(manifest.dependencies ?? []), ...(manifest.peerDependencies ?? [])].some(
        (d) => d.name === name && !d.optional,
      );
    })
    .map(({ manifest }) => manifest.name)
    .sort();
}

/**
 * Plugins outside `names` that need one of them, directly or through each other: what has to go
 * along for `names` to be deactivated (`activeOnly`) or removed. With them the set is closed — no
 * plugin outside it needs one inside — so one command with all of them works (issue 14: a cycle
 * a ↔ b is left with `deactivate a b`). Sorted.
 */
export function findDependentsClosure(
  manifests: readonly LoadedManifest[],
  workspace: FarmWorkspace,
  names: readonly string[],
  options: { activeOnly?: boolean } = {},
): string[] {
  const inSet = new Set(names);
  const found = new Set<string>();
  const queue = [...names];
  while (queue.length) {
    for (const dependent of findDependents(manifests, workspace, queue.pop()!, options)) {
      if (inSet.has(dependent) || found.has(dependent)) continue;
      found.add(dependent);
      queue.push(dependent);
    }
  }
  return [...found].sort();
}
