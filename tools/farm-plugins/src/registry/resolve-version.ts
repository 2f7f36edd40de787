import { loadNpmConfig, registryFor, type NpmConfig } from './npm-config';
import { pickVersion, type PackageVersionManifest, type Packument } from './pick-version';
import { RegistryError } from './registry-error';
import { getJson, type FetchContext } from './registry-fetch';

/** What every registry call takes: the folder whose npm config applies, and a log line sink. */
export interface RegistryOptions {
  cwd: string;
  log?: (line: string) => void;
  /** Environment to read `npm_config_*` and `HOME` from; `process.env` by default. */
  env?: NodeJS.ProcessEnv;
  /** Where downloads are extracted; the system temp folder by default. */
  tempDir?: string;
}

/** A version chosen on a registry, with everything needed to download and record it. */
export interface ResolvedVersion {
  name: string;
  version: string;
  /** The registry the package comes from (its scope's registry, else the default), ending in `/`. */
  registry: string;
  manifest: PackageVersionManifest;
  packument: Packument;
}

// npm package names: lower-case URL-safe characters, optionally scoped (validate-npm-package-name;
// upper case is accepted for the old packages that have it). Anything else never reaches a URL.
const packageName = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9_][a-z0-9._~-]*$/i;

export function assertPackageName(name: string): void {
  if (!packageName.test(name) || name.length > 214) {
    throw new RegistryError('FARM_E097', `"${name}" is not an npm package name`, 'use a name like @farm/plugin-x or farm-plugin-x');
  }
}

/** The packument of `name` from the registry npm would use for it. */
export async function fetchPackument(name: string, config: NpmConfig, log?: (line: string) => void): Promise<{ packument: Packument; registry: string; context: FetchContext }> {
  assertPackageName(name);
  const registry = registryFor(config, name);
  const context: FetchContext = { config, registry, log };
  // Scoped names keep their @ and escape the slash, as npm sends them (`@farm%2fplugin-x`).
  const packument = await getJson<Packument>(`${registry}${name.replace('/', '%2f')}`, context, `${name} on ${registry}`);
  if (!packument || typeof packument !== 'object' || packument.name !== name) {
    throw new RegistryError('FARM_E093', `${name} on ${registry}: the registry answered with a document for "${(packument as Packument)?.name}"`, 'check that the registry URL points at an npm registry');
  }
  return { packument, registry, context };
}

/** The version of `name` that `range` selects (see pickVersion), read from the registry. */
export async function resolveVersion(name: string, range: string | undefined, options: RegistryOptions): Promise<ResolvedVersion> {
  const config = loadNpmConfig(options);
  return resolveWith(name, range, config, options.log);
}

export async function resolveWith(name: string, range: string | undefined, config: NpmConfig, log?: (line: string) => void): Promise<ResolvedVersion> {
  const { packument, registry } = await fetchPackument(name, config, log);
  const picked = pickVersion(packument, range);
  if ('error' in picked) throw new RegistryError('FARM_E094', `${name} on ${registry}: ${picked.error}`, 'pick one of the available versions, or publish one in the range');
  const manifest = packument.versions![picked.version];
  if (!manifest.dist?.tarball) throw new RegistryError('FARM_E093', `${name}@${picked.version} on ${registry} has no dist.tarball`, 'republish the version');
  return { name, version: picked.version, registry, manifest, packument };
}
