/**
 * The npm registry client of @farm/plugins: npm's config (`.npmrc` files, `npm_config_*`, scoped
 * registries, tokens), packuments, version picking, verified tarball downloads, plugin search.
 * Node's global fetch only; no npm client library.
 */
export { fetchFromRegistry, removeFetched, verifyIntegrity, type FetchedPlugin } from './fetch-from-registry';
export { authorizationFor, defaultRegistry, loadNpmConfig, nerfDart, parseNpmrc, projectRoot, registryFor, type NpmConfig } from './npm-config';
export { packageInfo, type PackageInfo } from './package-info';
export { pickVersion, savedRange, type PackageVersionManifest, type Packument } from './pick-version';
export { RegistryError } from './registry-error';
export { resolveVersion, type RegistryOptions, type ResolvedVersion } from './resolve-version';
export { isFarmPluginName, pluginKeyword, searchPlugins, type PluginSearchResult } from './search-plugins';
