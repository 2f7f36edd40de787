import * as semver from 'semver';
import { loadNpmConfig } from './npm-config';
import { pickVersion, type PackageVersionManifest } from './pick-version';
import { fetchPackument, type RegistryOptions } from './resolve-version';

/** What a registry knows about a package, for `farm plugin info` and `update`. */
export interface PackageInfo {
  name: string;
  description?: string;
  registry: string;
  'dist-tags': Record<string, string>;
  /** Every published version, lowest first. */
  versions: string[];
  /** The package.json of the version installed by default (the `latest` dist-tag). */
  latest?: PackageVersionManifest;
}

export async function packageInfo(name: string, options: RegistryOptions): Promise<PackageInfo> {
  const { packument, registry } = await fetchPackument(name, loadNpmConfig(options), options.log);
  const picked = pickVersion(packument, undefined);
  const latest = 'version' in picked ? packument.versions![picked.version] : undefined;
  return {
    name,
    description: packument.description ?? latest?.description,
    registry,
    'dist-tags': packument['dist-tags'] ?? {},
    versions: semver.sort(Object.keys(packument.versions ?? {}).filter((v) => semver.valid(v))),
    latest,
  };
}
