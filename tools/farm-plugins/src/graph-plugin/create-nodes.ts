import type { CreateNodes } from '@nx/devkit';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FarmPluginManifest } from '../core/manifest';
import { pluginsDir } from '../core/manifest';
import { inferPluginProject } from './infer-plugin-project';

export const pluginManifestGlob = `${pluginsDir}/*/plugin.json`;

/** One Nx project per libs/plugins/<name>/plugin.json. */
export const createNodes: CreateNodes = [
  pluginManifestGlob,
  (files, _options, context) =>
    files.map((file) => {
      const root = dirname(file);
      const project = inferPluginProject(root, readManifestLoosely(join(context.workspaceRoot, file)));
      return [file, { projects: { [root]: project } }] as const;
    }),
];

/** Graph construction must not fail on a broken manifest: `validate` reports it properly. */
export function readManifestLoosely(path: string): FarmPluginManifest | undefined {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8'));
    return typeof value?.name === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
