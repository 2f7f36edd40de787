import type { CreateNodes } from '@nx/devkit';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
// Leaf modules, not core/manifest's index: that would load ajv and the schemas into every nx command.
import { stripByteOrderMark } from '../core/json/byte-order-mark';
import { pluginsDir } from '../core/manifest/plugin-names';
import type { FarmPluginManifest } from '../core/manifest/types';
import { recoverFileTransaction } from '../host/file-transaction';
import { inferPluginProject } from './infer-plugin-project';

export const pluginManifestGlob = `${pluginsDir}/*/plugin.json`;

/** One Nx project per libs/plugins/<name>/plugin.json. */
export const createNodes: CreateNodes = [
  pluginManifestGlob,
  (files, _options, context) => {
    // Every nx command builds the graph first: the place to finish a change a kill interrupted.
    const recovered = recoverFileTransaction(context.workspaceRoot);
    if (recovered) console.warn(`[farm] an interrupted change was ${recovered} (.farm/transaction.json)`);
    return files.map((file) => {
      const root = dirname(file);
      const project = inferPluginProject(root, readManifestLoosely(join(context.workspaceRoot, file)));
      return [file, { projects: { [root]: project } }] as const;
    });
  },
];

/**
 * Graph construction must not fail on a broken manifest: `validate` reports it properly.
 * createNodes and createDependencies both read every manifest, and the daemon asks again on each
 * change: a parsed manifest is reused while the file's size, mtime and inode are unchanged.
 */
export function readManifestLoosely(path: string): FarmPluginManifest | undefined {
  let stamp: string;
  try {
    const stat = statSync(path, { bigint: true });
    stamp = `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
  } catch {
    return undefined;
  }
  const cached = parsed.get(path);
  if (cached?.stamp === stamp) return cached.manifest;
  let manifest: FarmPluginManifest | undefined;
  try {
    const value = JSON.parse(stripByteOrderMark(readFileSync(path, 'utf8')));
    manifest = typeof value?.name === 'string' ? value : undefined;
  } catch {
    manifest = undefined;
  }
  parsed.set(path, { stamp, manifest });
  return manifest;
}

const parsed = new Map<string, { stamp: string; manifest: FarmPluginManifest | undefined }>();
