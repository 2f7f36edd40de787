import { readJson, type Tree } from '@nx/devkit';
import semver from 'semver';
import type { IntegrationInputs } from '../../src/core/integrate';
import type { FarmState } from '../../src/core/state';
import { diskIntegrationInputs } from '../../src/workspace-io';

/**
 * What integrate asks of the world, answered for a generator — the same questions the integrate
 * executor and the dev loop answer from the disk, so a generator refuses what they would
 * (FARM_E027/E028 runtimes, E054 npm packages): files from its Tree; this machine's Node and
 * Python; the app's npm packages as installed in node_modules, or, for one the Tree's package.json
 * lists and the generator's own install step adds after the commit, the lowest version its range
 * allows. ajv's kept verdicts are not used: a generator decides every config afresh.
 */
export function treeIntegrationInputs(tree: Tree, state: FarmState): IntegrationInputs {
  const disk = diskIntegrationInputs(tree.root, state);
  const declared = tree.exists('package.json') ? readJson<{ dependencies?: Record<string, string>; devDependencies?: Record<string, string> }>(tree, 'package.json') : {};
  const listed: Record<string, string> = { ...declared.devDependencies, ...declared.dependencies };
  return {
    exists: (file) => tree.exists(file),
    runtimes: disk.runtimes,
    installedPackages: (name) => disk.installedPackages!(name) ?? pendingVersion(listed[name]),
  };
}

/** The version an install of `range` gives at the least; undefined for a tag, URL or other non-semver spec. */
function pendingVersion(range: string | undefined): string | undefined {
  if (range === undefined || !semver.validRange(range)) return undefined;
  return semver.minVersion(range)?.version;
}
