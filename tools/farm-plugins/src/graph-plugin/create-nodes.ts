import type { CreateNodes } from '@nx/devkit';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
// Leaf modules, not core/manifest's index: that would load ajv and the schemas into every nx command.
import { stripByteOrderMark } from '../core/json/byte-order-mark';
import { pluginsDir } from '../core/manifest/plugin-names';
import type { FarmPluginManifest } from '../core/manifest/types';
import { recoverFileTransaction } from '../workspace-io/file-transaction';
import { gateHostsOf, gateInputs } from './gate-inputs';
import { inferHostTargets } from './infer-host-targets';
import { inferPluginProject } from './infer-plugin-project';
import { farmToolInputs, type TargetInputs } from './tool-inputs';

export const pluginManifestGlob = `${pluginsDir}/*/plugin.json`;
/** Every project.json: a host app declares its integrate target there. */
const projectJsonGlob = '**/project.json';

/**
 * One Nx project per libs/plugins/<name>/plugin.json, and the inputs of every host app's integrate
 * target: each carries the tool's own sources and versions (farmToolInputs, defined once).
 */
export const createNodes: CreateNodes = [
  `{${pluginManifestGlob},${projectJsonGlob}}`,
  (files, _options, context) => {
    // Every nx command builds the graph first: the place to finish a change a kill interrupted.
    const recovered = recoverFileTransaction(context.workspaceRoot);
    if (recovered) console.warn(`[farm] an interrupted change was ${recovered} (.farm/transaction.json)`);
    const common = farmToolInputs(context.workspaceRoot);
    const hosts = files
      .filter((file) => file.endsWith('project.json'))
      .flatMap((file) => gateHostsOf(dirname(file), readJsonLoosely(join(context.workspaceRoot, file))));
    const tool = { common, build: farmToolInputs(context.workspaceRoot, ['typescript']), gate: gateInputs(hosts) };
    return files.map((file) => {
      if (!file.endsWith('/plugin.json')) return [file, hostNodes(file, context.workspaceRoot, common)] as const;
      const root = dirname(file);
      const project = inferPluginProject(root, readManifestLoosely(join(context.workspaceRoot, file)), tool);
      return [file, { projects: { [root]: project } }] as const;
    });
  },
];

/** A project.json with integrate targets gets their inputs (inferHostTargets); any other, nothing. */
function hostNodes(file: string, workspaceRoot: string, tool: TargetInputs) {
  const projectJson = readJsonLoosely(join(workspaceRoot, file));
  if (!projectJson) return {};
  const targets = inferHostTargets(projectJson, tool);
  const root = dirname(file);
  return Object.keys(targets).length ? { projects: { [root]: { root, targets } } } : {};
}

/** A project.json's contents, or undefined when it does not parse (Nx's own reader reports that). */
function readJsonLoosely(path: string) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

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
