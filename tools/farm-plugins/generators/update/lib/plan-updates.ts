import type { Tree } from '@nx/devkit';
import * as semver from 'semver';
import { pluginRootOf, projectNameOf } from '../../../src/core/manifest';
import type { FarmState } from '../../../src/core/state';
import type { FarmWorkspace, InstalledPlugin } from '../../../src/core/workspace';
import { loadNpmOptions, resolveVersion } from '../../../src/registry';
import { requireInstalledPlugin } from '../../lib/installed-plugin';

/** One registry plugin and what update would do with it. */
export interface PlannedUpdate {
  name: string;
  /** Workspace-relative plugin folder. */
  root: string;
  installed: InstalledPlugin;
  /** The range recorded at install (`^1.0.0`), if any. */
  range?: string;
  from: string;
  /** The version to go to; absent when there is nothing newer. */
  to?: string;
  /** Newest version on the registry, when it lies outside the range (shown as a hint). */
  newest?: string;
}

/**
 * The plugins to look at: the named one (which must come from a registry), or every plugin in
 * workspace.json with `source.type` npm, sorted by name.
 */
export function selectRegistryPlugins(
  tree: Tree,
  workspace: FarmWorkspace,
  state: FarmState,
  name: string | undefined,
): { name: string; root: string; installed: InstalledPlugin }[] {
  if (name) {
    const plugin = requireInstalledPlugin(tree, name);
    if (plugin.installed.source.type !== 'npm') {
      const { type, spec } = plugin.installed.source;
      const fix =
        type === 'workspace' || type === 'official'
          ? `edit ${plugin.loaded.root} and its plugin.json version directly`
          : `reinstall it: nx g @farm/plugins:remove ${projectNameOf(plugin.name)} && nx g @farm/plugins:add ${spec}`;
      throw new Error(
        `${plugin.name} was installed from ${type} (${spec}; workspace.json /plugins/${plugin.name}/source), not from an npm registry: update only fetches registry versions.\n  fix: ${fix}`,
      );
    }
    return [{ name: plugin.name, root: plugin.loaded.root, installed: plugin.installed }];
  }
  return Object.entries(workspace.plugins)
    .filter(([, installed]) => installed.source.type === 'npm')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([n, installed]) => ({
      name: n,
      root: state.manifests.find((m) => m.manifest.name === n)?.root ?? pluginRootOf(n),
      installed,
    }));
}

/** `@farm/plugin-x@^1.0.0` → `^1.0.0`, read by npm-package-arg as npm reads a saved spec; a bare name has none. */
export function rangeOfSpec(spec: string): string | undefined {
  const npa: typeof import('npm-package-arg') = require('npm-package-arg');
  const parsed = npa(spec);
  return parsed.registry && parsed.rawSpec !== '*' && parsed.rawSpec !== '' ? parsed.rawSpec : undefined;
}

/**
 * Asks the registry, per plugin, for the version npm would install for the recorded range (or
 * for the `latest` dist-tag, with `latest`), and what `latest` is, as `npm outdated` shows it.
 */
export async function planUpdates(
  plugins: { name: string; root: string; installed: InstalledPlugin }[],
  options: { latest: boolean; cwd: string; log: (line: string) => void },
): Promise<PlannedUpdate[]> {
  const plans: PlannedUpdate[] = [];
  // Quiet: the plan is the first thing printed; the download that follows logs npm's requests and warnings.
  const registry = { cwd: options.cwd };
  // One npm configuration and packument cache for the whole plan: each packument is fetched once.
  const npm = await loadNpmOptions(registry);
  for (const plugin of plugins) {
    const range = rangeOfSpec(plugin.installed.source.spec);
    const from = plugin.installed.version;
    const resolved = await resolveVersion(plugin.name, options.latest ? undefined : range, registry, npm);
    // Only a hint: a `latest` this machine cannot install (engine-strict) leaves it out.
    const newest =
      options.latest || !range
        ? resolved.version
        : (await resolveVersion(plugin.name, undefined, registry, npm).catch(() => undefined))?.version;
    const to = semver.gt(resolved.version, from) ? resolved.version : undefined;
    plans.push({ ...plugin, range, from, to, newest: newest && semver.gt(newest, to ?? from) ? newest : undefined });
  }
  return plans;
}

/** The plan as printed before anything is fetched: `name: from → to`, one line per plugin. */
export function formatPlan(plans: PlannedUpdate[], latest: boolean): string {
  const lines = plans.map((p) => {
    const within = latest ? '' : p.range ? ` (within ${p.range})` : '';
    const hint = p.newest ? `; ${p.newest} is out of range: use --latest` : '';
    return p.to
      ? `  ${p.name}: ${p.from} → ${p.to}${within}${hint}`
      : `  ${p.name}: ${p.from} is up to date${within}${hint}`;
  });
  return `update plan:\n${lines.join('\n')}`;
}
