import { DependencyType, type CreateDependencies, type RawProjectGraphDependency } from '@nx/devkit';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// Leaf modules, not core/manifest's index: that would load ajv and the schemas into every nx command.
import { stripByteOrderMark } from '../core/json/byte-order-mark';
import { contributesTo } from '../core/kinds/entries';
import { hostProjectsOf } from '../core/kinds/host-projects';
import { kindsOf } from '../core/kinds/table';
import type { HostName } from '../core/kinds/types';
import type { FarmPluginManifest } from '../core/manifest/types';
import { readManifestLoosely } from './create-nodes';

/** Whether the plugin has entries of a kind the host consumes (core/kinds/table.ts). */
export function contributesToHost(manifest: FarmPluginManifest, host: HostName): boolean {
  return kindsOf(host).some((kind) => contributesTo(manifest, kind));
}

/**
 * Plugin → plugin edges from `dependencies` / `peerDependencies` (static, from plugin.json), and
 * host app → active plugin edges for each plugin that contributes to that app (implicit, from
 * workspace.json), so `nx affected` follows a plugin edit to the integrate target that needs it.
 */
export const createDependencies: CreateDependencies = (_options, context) => {
  const plugins = new Map<string, { project: string; manifest: FarmPluginManifest; file: string }>();
  for (const [project, config] of Object.entries(context.projects)) {
    if (config.tags?.includes('farm:plugin')) {
      const file = `${config.root}/plugin.json`;
      const manifest = readManifestLoosely(join(context.workspaceRoot, file));
      if (manifest) plugins.set(manifest.name, { project, manifest, file });
    }
  }
  const hosts = hostProjectsOf(context.projects);

  const edges: RawProjectGraphDependency[] = [];
  for (const { project, manifest, file } of plugins.values()) {
    for (const dep of [...(manifest.dependencies ?? []), ...(manifest.peerDependencies ?? [])]) {
      const target = plugins.get(dep?.name);
      if (target && target.project !== project)
        edges.push({ source: project, target: target.project, type: DependencyType.static, sourceFile: file });
    }
  }
  const active = activePlugins(context.workspaceRoot);
  for (const { project, host } of hosts) {
    for (const name of active) {
      const plugin = plugins.get(name);
      if (plugin && contributesToHost(plugin.manifest, host)) {
        edges.push({ source: project, target: plugin.project, type: DependencyType.implicit });
      }
    }
  }
  return edges;
};

function activePlugins(workspaceRoot: string): string[] {
  try {
    const workspace = JSON.parse(stripByteOrderMark(readFileSync(join(workspaceRoot, 'workspace.json'), 'utf8')));
    return Object.entries(workspace?.plugins ?? {})
      .filter(([, p]) => (p as { active?: boolean })?.active)
      .map(([name]) => name)
      .sort();
  } catch {
    return [];
  }
}
