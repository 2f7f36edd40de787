import { loadManifest, type FarmPluginManifest, type LoadedManifest } from '../manifest';
import type { FarmWorkspace, InstalledPlugin } from '../workspace';
import { projectNameOf } from '../manifest';

/** A valid manifest with the given overrides, loaded as if from libs/plugins/<short>/plugin.json. */
export function fixtureManifest(overrides: Partial<FarmPluginManifest> & { name: string }): LoadedManifest {
  const manifest: FarmPluginManifest = {
    version: '1.0.0',
    description: `${overrides.name} for tests`,
    author: 'tests',
    license: 'MIT',
    farmVersion: '^1.0.0',
    ...overrides,
  };
  const file = `libs/plugins/${projectNameOf(manifest.name)}/plugin.json`;
  const { loaded, problems } = loadManifest(JSON.stringify(manifest, null, 2), file);
  if (!loaded || problems.length) throw new Error(`fixture ${manifest.name} is invalid: ${JSON.stringify(problems)}`);
  return loaded;
}

/** workspace.json with each manifest installed at its own version (active unless listed in `inactive`). */
export function fixtureWorkspace(
  manifests: readonly LoadedManifest[],
  options: { inactive?: string[]; farmVersion?: string; config?: Record<string, Record<string, unknown>> } = {},
): FarmWorkspace {
  const plugins: Record<string, InstalledPlugin> = {};
  for (const { manifest, root } of manifests) {
    plugins[manifest.name] = {
      source: { type: 'workspace', spec: root },
      version: manifest.version,
      active: !options.inactive?.includes(manifest.name),
      config: options.config?.[manifest.name] ?? {},
    };
  }
  return { farmVersion: options.farmVersion ?? '1.0.0', environment: 'development', plugins };
}
