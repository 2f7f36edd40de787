import type { Manifest, Packument, RegistryFetcher } from 'pacote';
import { loadNpmOptions, registryFor, withNpmLog, type NpmOptions, type RegistryOptions } from './npm-options';
import { fromNpmError, RegistryError, type NpmErrorContext } from './registry-error';

/** A version chosen on a registry by npm's resolver, with everything needed to download and record it. */
export interface ResolvedVersion {
  name: string;
  version: string;
  /** The registry the package comes from (its scope's registry, else the default), ending in `/`. */
  registry: string;
  /** The version's package.json as the registry serves it (`_resolved` tarball URL, `_integrity`). */
  manifest: Manifest;
  /** The fetcher that resolved it: its `tarball()` downloads that version and checks its integrity. */
  fetcher: RegistryFetcher;
  npm: NpmOptions;
}

/**
 * The version of `name` that `range` selects, picked by pacote/npm-pick-manifest exactly as
 * `npm install name@range` picks it: no range = the `latest` dist-tag; a dist-tag; else the
 * `latest` version when it satisfies the range, otherwise the highest satisfying version,
 * preferring versions that are not deprecated and whose `engines` accept this Node and npm.
 * The packument is fetched online (npm's prefer-online), so a version published a moment ago is seen.
 * Errors: FARM_E090–E094, E097 (see fromNpmError); a chosen version whose `engines` refuse this
 * machine is a warning, or FARM_E094 with `engine-strict` (npm's EBADENGINE); `os`/`cpu` always E094.
 */
export async function resolveVersion(
  name: string,
  range: string | undefined,
  options: RegistryOptions,
  npm?: NpmOptions,
): Promise<ResolvedVersion> {
  const spec = registrySpec(name, range);
  const config = npm ?? (await loadNpmOptions(options));
  const registry = registryFor(config, name);
  const context = errorContext(config, registry, `${spec.raw} on ${registry}`);
  return withNpmLog(options.log, async () => {
    try {
      const { RegistryFetcher }: typeof import('pacote') = require('pacote');
      const fetcher = new RegistryFetcher(spec, { ...config.flat, fullMetadata: true, preferOnline: true });
      const manifest = await fetcher.manifest();
      checkInstallable(manifest, config, options.log);
      return { name, version: manifest.version, registry: context.registry, manifest, fetcher, npm: config };
    } catch (error) {
      throw fromNpmError(error, context);
    }
  });
}

/**
 * npm-install-checks as npm's installer runs it on the chosen version: `engines` refusing this
 * Node/npm is a warning unless `engine-strict` is set; `os`/`cpu`/`libc` refusing this machine
 * is an error.
 */
function checkInstallable(manifest: Manifest, npm: NpmOptions, log: ((line: string) => void) | undefined): void {
  const { checkEngine, checkPlatform }: typeof import('npm-install-checks') = require('npm-install-checks');
  checkPlatform(manifest, npm.flat.force === true);
  try {
    checkEngine(manifest, npm.npmVersion, process.version, npm.flat.force === true);
  } catch (error) {
    if (npm.flat.engineStrict === true) throw error;
    const e = error as { required?: unknown; current?: unknown };
    log?.(
      `npm warn EBADENGINE Unsupported engine { package: '${manifest._id}', required: ${JSON.stringify(e.required)}, current: ${JSON.stringify(e.current)} }`,
    );
  }
}

/** What a registry knows about a package, for `farm plugin info`. */
export interface PackageInfo {
  name: string;
  description?: string;
  registry: string;
  'dist-tags': Record<string, string>;
  /** Every published version, in the registry's order. */
  versions: string[];
  /** The version `npm install name` would install. */
  latest?: Manifest;
}

/** The packument of `name` and the version npm installs by default, through pacote. */
export async function packageInfo(name: string, options: RegistryOptions): Promise<PackageInfo> {
  registrySpec(name, undefined);
  const npm = await loadNpmOptions(options);
  const registry = registryFor(npm, name);
  const context = errorContext(npm, registry, `${name} on ${registry}`);
  return withNpmLog(options.log, async () => {
    try {
      const { RegistryFetcher }: typeof import('pacote') = require('pacote');
      const fetcher = new RegistryFetcher(`${name}@latest`, { ...npm.flat, fullMetadata: true, preferOnline: true });
      const packument: Packument = await fetcher.packument();
      const latest = await fetcher.manifest().catch(() => undefined);
      return {
        name,
        description: packument.description ?? latest?.description,
        registry: context.registry,
        'dist-tags': packument['dist-tags'] ?? {},
        versions: Object.keys(packument.versions ?? {}),
        latest,
      };
    } catch (error) {
      throw fromNpmError(error, context);
    }
  });
}

/**
 * `name@range` read by npm-package-arg, refused (FARM_E097) unless it names a registry package:
 * an invalid name, or a range that is a path, URL or git spec, never reaches a URL.
 */
function registrySpec(name: string, range: string | undefined): import('npm-package-arg').Result {
  const npa: typeof import('npm-package-arg') = require('npm-package-arg');
  const raw = `${name}@${range?.trim() || 'latest'}`;
  let spec: import('npm-package-arg').Result;
  try {
    spec = npa.resolve(name, range?.trim() || 'latest');
  } catch (error) {
    throw new RegistryError(
      'FARM_E097',
      `"${raw}" is not a registry package spec: ${(error as Error).message}`,
      'use a name like @farm/plugin-x or farm-plugin-x, optionally with @<version, range or dist-tag>',
    );
  }
  if (!spec.registry || spec.type === 'alias')
    throw new RegistryError(
      'FARM_E097',
      `"${raw}" is not a registry package spec (npm reads it as ${spec.type})`,
      'use a name like @farm/plugin-x or farm-plugin-x, optionally with @<version, range or dist-tag>',
    );
  return spec;
}

/** The registry's credential key and whether npm holds a credential for it, for messages that say where a token goes. */
export function errorContext(npm: NpmOptions, registry: string, what: string): NpmErrorContext {
  const nerfDart: typeof import('@npmcli/config/lib/nerf-dart') = require('@npmcli/config/lib/nerf-dart');
  const credentialsKey = nerfDart(registry);
  const sentAuth = Object.keys(npm.flat).some(
    (key) =>
      /:(_authToken|_auth|_password)$/.test(key) &&
      credentialsKey.startsWith(key.slice(0, key.lastIndexOf(':'))) &&
      Boolean(npm.flat[key]),
  );
  return { what, registry, credentialsKey, sentAuth };
}
