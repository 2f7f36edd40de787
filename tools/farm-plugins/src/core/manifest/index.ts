export { exportOf, pythonCodeKinds, type CodeKind } from './code-entries';
export { loadManifest, maxManifestBytes, type LoadedManifest, type ManifestLoadResult } from './load-manifest';
export { pluginRootOf, pluginsDir, projectNameOf, pythonAliasOf } from './plugin-names';
export * from './types';
