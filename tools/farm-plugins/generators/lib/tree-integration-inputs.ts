import { readJson, type Tree } from '@nx/devkit';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import type { IntegrationInputs } from '../../src/core/integrate';
import type { FarmState } from '../../src/core/state';
import { diskIntegrationInputs } from '../../src/workspace-io';

/**
 * What integrate asks of the world, answered for a generator — the same questions the integrate
 * executor and the dev loop answer from the disk, so a generator refuses what they would
 * (FARM_E027/E028 runtimes, E054 npm packages): files from its Tree; this machine's Node and
 * Python; the app's npm packages as installed in node_modules, or, for one whose range the Tree's
 * package.json adds or changes (the generator's own install step installs it after the commit), the
 * lowest version that range allows — a hoisted older copy in node_modules is about to be replaced;
 * for a spec the change adds that is no range (a tag, a `file:` tarball, a URL) the spec itself:
 * the install brings it, its version is unknown until then, and E054 compares ranges only (an
 * add of a plugin shipping its own tarball warned that the app "does not have" it).
 * ajv's kept verdicts are not used: a generator decides every config afresh.
 */
export function treeIntegrationInputs(tree: Tree, state: FarmState): IntegrationInputs {
  const disk = diskIntegrationInputs(tree.root, state);
  const listed = listedRanges(tree.exists('package.json') ? readJson<PackageJson>(tree, 'package.json') : {});
  const onDisk = listedRanges(readDiskPackageJson(tree.root));
  return {
    exists: (file) => tree.exists(file),
    runtimes: disk.runtimes,
    installedPackages: (name) => {
      const range = listed[name];
      if (range !== undefined && range !== onDisk[name]) return pendingVersion(range) ?? range;
      return disk.installedPackages!(name) ?? pendingVersion(range);
    },
  };
}

type PackageJson = { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };

function listedRanges(pkg: PackageJson): Record<string, string> {
  return { ...pkg.devDependencies, ...pkg.dependencies };
}

/** The workspace's package.json as the disk has it (before this generator's changes), or {}. */
function readDiskPackageJson(root: string): PackageJson {
  try {
    return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson;
  } catch {
    return {};
  }
}

/** The version an install of `range` gives at the least; undefined for a tag, URL or other non-semver spec. */
function pendingVersion(range: string | undefined): string | undefined {
  if (range === undefined || !semver.validRange(range)) return undefined;
  return semver.minVersion(range)?.version;
}
