/**
 * How plugin files get from a package (folder, .tgz, git clone, registry tarball) into the
 * workspace: one safe read, one tarball extraction, the same rules for validate
 * (docs/security.md#what-a-plugin-package-may-hold).
 */
export {
  ignoredPluginPaths,
  pluginFolderProblems,
  readPluginFolder,
  scanPluginFolder,
  type PluginFile,
  type PluginFolderScan,
} from './read-plugin-folder';
export { packageRootIn, unpackPluginTarball } from './unpack-plugin-tarball';
export { unsafeEntryProblems, type EntryOrigin, type UnsafeEntry } from './unsafe-entry';
