/**
 * The npm registry side of @farm/plugins, through npm's own machinery: @npmcli/config reads npm's
 * configuration (`.npmrc` files, `npm_config_*`, scoped registries, tokens, proxy, CA), pacote
 * resolves (npm-pick-manifest), downloads and verifies (ssri) packages, npm-install-checks judges
 * `engines`, npm-registry-fetch searches. npm's error codes become FARM codes (registry-error.ts).
 * The npm libraries are loaded on first use: most commands never touch a registry.
 */
export {
  fetchFromRegistry,
  fetchRemoteTarball,
  removeFetched,
  savedRange,
  type FetchedPlugin,
} from './fetch-from-registry';
export { loadNpmOptions, registryFor, type NpmOptions, type RegistryOptions } from './npm-options';
export { RegistryError } from './registry-error';
export { packageInfo, resolveVersion, type PackageInfo, type ResolvedVersion } from './resolve-version';
export { isFarmPluginName, pluginKeyword, searchPlugins, type PluginSearchResult } from './search-plugins';
