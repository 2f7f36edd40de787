import { formatProblems } from '../../core/errors';
import { findDependents, resolvePluginGraph } from '../../core/graph';
import { contributedKinds, projectNameOf, type LoadedManifest } from '../../core/manifest';
import { loadFarmState, type FarmState } from '../../core/state';
import { diskWorkspace } from '../../workspace-io';
import { formatTable } from '../format-table';

export interface Output {
  json: boolean;
  print(text: string): void;
}

function state(root: string): FarmState {
  const s = loadFarmState(diskWorkspace(root));
  if (!s.workspace) throw new Error(formatProblems(s.problems));
  return s;
}

/** `farm plugin list`: installed plugins with version, state, source and what they contribute. */
export function listInstalled(root: string, out: Output): number {
  const s = state(root);
  const rows = Object.entries(s.workspace!.plugins)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, p]) => {
      const loaded = s.manifests.find((m) => m.manifest.name === name);
      return {
        name,
        project: projectNameOf(name),
        version: p.version,
        active: p.active,
        source: `${p.source.type}:${p.source.spec}`,
        contributes: loaded ? contributedKinds(loaded.manifest) : [],
      };
    });
  if (out.json) out.print(JSON.stringify(rows, null, 2));
  else
    out.print(
      rows.length
        ? formatTable(
            ['name', 'project', 'version', 'state', 'source', 'contributes'],
            rows.map((r) => [
              r.name,
              r.project,
              r.version,
              r.active ? 'active' : 'inactive',
              r.source,
              r.contributes.join(','),
            ]),
          )
        : 'no plugins installed',
    );
  return 0;
}

/** `farm plugin info <name>`: what an installed (or workspace) plugin is and does. */
export function pluginInfo(root: string, name: string, out: Output): number | undefined {
  const s = state(root);
  const loaded = s.manifests.find((m) => m.manifest.name === name || projectNameOf(m.manifest.name) === name);
  if (!loaded) return undefined;
  const m = loaded.manifest;
  const installed = s.workspace!.plugins[m.name];
  const info = {
    name: m.name,
    project: projectNameOf(m.name),
    version: m.version,
    description: m.description,
    author: m.author,
    license: m.license,
    farmVersion: m.farmVersion,
    folder: loaded.root,
    installed: installed
      ? { active: installed.active, source: installed.source, integrity: installed.integrity }
      : null,
    contributes: contributedKinds(m),
    components: Object.keys(m.frontend?.components ?? {}),
    hooks: Object.keys(m.frontend?.hooks ?? {}),
    routes: (m.frontend?.routes ?? []).map((r) => r.path),
    routers: Object.entries(m.backend?.routers ?? {}).map(([k, r]) => `${k} ${r.prefix}`),
    aiProviders: Object.keys(m.ai?.providers ?? {}),
    dependencies: (m.dependencies ?? []).map((d) => `${d.name}@${d.version}`),
    dependents: findDependents(s.manifests, s.workspace!, m.name),
  };
  if (out.json) out.print(JSON.stringify(info, null, 2));
  else
    out.print(
      Object.entries(info)
        .filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0))
        .map(([k, v]) => `${k.padEnd(13)} ${typeof v === 'object' ? JSON.stringify(v) : v}`)
        .join('\n'),
    );
  return 0;
}

/** `farm plugin deps [name]`: the dependency tree of one plugin or of every active plugin. */
export function dependencyTree(root: string, name: string | undefined, out: Output): number {
  const s = state(root);
  const byName = new Map(s.manifests.map((m) => [m.manifest.name, m]));
  const find = (n: string) => s.manifests.find((m) => m.manifest.name === n || projectNameOf(m.manifest.name) === n);
  let roots: LoadedManifest[];
  if (name) {
    const found = find(name);
    if (!found) throw new Error(`no plugin "${name}" in libs/plugins`);
    roots = [found];
  } else {
    roots = resolvePluginGraph({ manifests: s.manifests, workspace: s.workspace! }).order.map((p) => p.loaded);
  }
  type Node = {
    name: string;
    version: string;
    range?: string;
    peer?: boolean;
    optional?: boolean;
    missing?: boolean;
    dependencies: Node[];
  };
  const build = (m: LoadedManifest, seen: Set<string>): Node => ({
    name: m.manifest.name,
    version: m.manifest.version,
    dependencies: [
      ...(m.manifest.dependencies ?? []).map((d) => ({ ...d, peer: false })),
      ...(m.manifest.peerDependencies ?? []).map((d) => ({ ...d, peer: true })),
    ].map((d) => {
      const target = byName.get(d.name);
      if (!target || seen.has(d.name))
        return {
          name: d.name,
          version: target?.manifest.version ?? '',
          range: d.version,
          peer: d.peer,
          optional: d.optional,
          missing: !target,
          dependencies: [],
        };
      return { ...build(target, new Set([...seen, d.name])), range: d.version, peer: d.peer, optional: d.optional };
    }),
  });
  const trees = roots.map((m) => build(m, new Set([m.manifest.name])));
  if (out.json) {
    out.print(JSON.stringify(name ? trees[0] : trees, null, 2));
    return 0;
  }
  const lines: string[] = [];
  const render = (node: Node, prefix: string, last: boolean, top: boolean) => {
    const label = `${node.name}${node.version ? `@${node.version}` : ''}${node.range ? ` (wants ${node.range}${node.peer ? ', peer' : ''}${node.optional ? ', optional' : ''})` : ''}${node.missing ? ' — not installed' : ''}`;
    lines.push(top ? label : `${prefix}${last ? '└── ' : '├── '}${label}`);
    node.dependencies.forEach((child, i) =>
      render(child, top ? '' : prefix + (last ? '    ' : '│   '), i === node.dependencies.length - 1, false),
    );
  };
  for (const t of trees) render(t, '', true, true);
  out.print(lines.join('\n') || 'no active plugins');
  return 0;
}
