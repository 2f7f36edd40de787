import type { FarmPluginManifest } from '../../../src/core/manifest';
import { pluginKeyword } from '../../../src/registry/search-plugins';
import { compiledPathOf, declarationPathOf, isCompiledSource } from '../../../src/core/analyze/paths/package-outputs';

export type PackageJson = Record<string, unknown> & {
  name?: string;
  version?: string;
  main?: string;
  keywords?: string[];
  files?: string[];
};

/**
 * The package.json of the built plugin: the plugin's own (or one made from plugin.json when it
 * has none, as the official plugins do; missing description, license and author come from
 * plugin.json too), with `main`/`types` pointing at the compiled entry,
 * `files` listing what the build produced, `keywords` including `farm-plugin`, and `type: module`
 * when it ships compiled ES modules. Name and version must agree with plugin.json: the registry
 * version is the installed version.
 */
export function packageManifest(
  source: PackageJson | undefined,
  manifest: FarmPluginManifest,
  built: { topLevel: string[]; compiled: Set<string> },
): { packageJson: PackageJson } | { error: string } {
  const base: PackageJson = source ?? synthesize(manifest);
  for (const field of ['name', 'version'] as const) {
    if (base[field] !== undefined && base[field] !== manifest[field]) {
      return {
        error: `package.json ${field} "${base[field]}" differs from plugin.json ${field} "${manifest[field]}"; they must agree (npm publishes package.json's, FARM installs plugin.json's)`,
      };
    }
  }
  const out: PackageJson = { ...base, name: manifest.name, version: manifest.version };
  // What registries show (search, info) comes from package.json: fill it from plugin.json.
  for (const field of ['description', 'license', 'author'] as const)
    if (out[field] === undefined && manifest[field] !== undefined) out[field] = manifest[field];
  if (typeof base.main === 'string' && isCompiledSource(base.main)) {
    const main = base.main.replace(/^\.\//, '');
    if (!built.compiled.has(main))
      return {
        error: `package.json main "${base.main}" was not compiled (is it a test, or outside the plugin folder?)`,
      };
    out.main = compiledPathOf(main);
    out.types = declarationPathOf(main);
  }
  if (built.compiled.size && base.type === undefined) out.type = 'module';
  out.keywords = [...new Set([...(Array.isArray(base.keywords) ? base.keywords : []), pluginKeyword])];
  out.files = [...built.topLevel].sort();
  return { packageJson: out };
}

function synthesize(manifest: FarmPluginManifest): PackageJson {
  const { name, version, description, license, author, keywords } = manifest;
  return Object.fromEntries(
    Object.entries({ name, version, description, license, author, keywords }).filter(([, v]) => v !== undefined),
  ) as PackageJson;
}
