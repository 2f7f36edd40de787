import { createHash } from 'node:crypto';
import { ignoredPluginPaths } from '../../src/plugin-files';

/**
 * sha512 of a plugin's files, independent of how they are stored: for each file sorted by path,
 * its path, NUL, its bytes, NUL (docs/workspace.md).
 */
export function pluginIntegrity(files: Iterable<{ path: string; bytes: Buffer }>): string {
  const hash = createHash('sha512');
  for (const file of [...files]
    .filter((f) => !ignoredPluginPaths.test(f.path))
    .sort((a, b) => (a.path < b.path ? -1 : 1))) {
    hash.update(file.path).update('\0').update(file.bytes).update('\0');
  }
  return `sha512-${hash.digest('base64')}`;
}
