import { loadNpmOptions, registryFor, withNpmLog, type NpmOptions, type RegistryOptions } from './npm-options';
import { fromNpmError, RegistryError } from './registry-error';
import { errorContext, resolveVersion } from './resolve-version';

/** One FARM plugin found on a registry. */
export interface PluginSearchResult {
  name: string;
  version?: string;
  description?: string;
  keywords?: string[];
  registry: string;
}

interface SearchResponse {
  objects?: {
    package?: {
      name?: string;
      version?: string;
      description?: string;
      keywords?: string[];
      'dist-tags'?: Record<string, string>;
    };
  }[];
}

/** The keyword that marks a FARM plugin published under any name (`nx run x:build` adds it). */
export const pluginKeyword = 'farm-plugin';
const pageSize = 100;
// Search results whose version or keywords must be looked up in their packument (registries that
// leave them out); more than this many candidates is a query too broad to be worth the requests.
const maxLookups = 40;

/** `@farm/plugin-*`, `farm-plugin-*` (scoped or not), or anything with the `farm-plugin` keyword. */
export function isFarmPluginName(name: string): boolean {
  return name.startsWith('@farm/plugin-') || /^(@[^/]+\/)?farm-plugin-/.test(name);
}

/**
 * FARM plugins matching `text` (empty: all of them) on the registries the workspace uses for
 * them: the `@farm` scope's registry and the default one. Each registry's `/-/v1/search` is asked
 * for the text, the plugin name patterns and the keyword; Verdaccio does not search keywords, so
 * the keyword filter is applied here, and what a registry leaves out of its results (Verdaccio:
 * the version; others: keywords too) is read from the packuments. Sorted by name. One registry
 * failing is logged and the others' results returned; all failing throws.
 */
export async function searchPlugins(text: string, options: RegistryOptions): Promise<PluginSearchResult[]> {
  const npm = await loadNpmOptions(options);
  const registries = [...new Set([registryFor(npm, '@farm/plugin-x'), registryFor(npm, 'farm-plugin-x')])];
  const settled = await withNpmLog(options.log, () =>
    Promise.allSettled(registries.map((registry) => searchRegistry(registry, text.trim(), npm, options))),
  );
  const failures = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as Error] : []));
  if (failures.length === settled.length) throw failures[0];
  for (const failure of failures) options.log?.(`search: ${failure.message.split('\n')[0]}`);
  const byName = new Map<string, PluginSearchResult>();
  for (const s of settled)
    if (s.status === 'fulfilled')
      for (const result of s.value) if (!byName.has(result.name)) byName.set(result.name, result);
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

async function searchRegistry(
  registry: string,
  text: string,
  npm: NpmOptions,
  options: RegistryOptions,
): Promise<PluginSearchResult[]> {
  const npmFetch: typeof import('npm-registry-fetch') = require('npm-registry-fetch');
  // npmjs ranks by relevance, so the name patterns and the keyword qualifier are asked for
  // explicitly; Verdaccio matches each word as a substring of name or description.
  const queries = text
    ? [text, `@farm/plugin-${text}`, `farm-plugin-${text}`, `keywords:${pluginKeyword} ${text}`]
    : ['@farm/plugin-', 'farm-plugin-', `keywords:${pluginKeyword}`];
  // npm-registry-fetch, as `npm search` asks: npm's auth for the registry, proxy, CA and retries.
  const responses = await Promise.all(
    queries.map(async (query) => {
      const url = `${registry}-/v1/search?text=${encodeURIComponent(query)}&size=${pageSize}`;
      try {
        return (await npmFetch.json(url, { ...npm.flat, registry, preferOnline: true })) as SearchResponse;
      } catch (error) {
        throw fromNpmError(error, errorContext(npm, registry, `search "${query}" on ${registry}`));
      }
    }),
  );
  const found = new Map<string, NonNullable<NonNullable<SearchResponse['objects']>[number]['package']>>();
  for (const response of responses) {
    for (const object of response.objects ?? []) {
      const pkg = object.package;
      // Verdaccio sends dist-tags instead of a version.
      if (pkg?.name && !found.has(pkg.name))
        found.set(pkg.name, { ...pkg, version: pkg.version ?? pkg['dist-tags']?.latest });
    }
  }
  const candidates = [...found.values()].filter(
    (pkg) =>
      isFarmPluginName(pkg.name!) ||
      pkg.keywords?.includes(pluginKeyword) ||
      (pkg.keywords === undefined && matchesText(pkg, text)),
  );
  const needLookup = candidates.filter((pkg) => !pkg.version || pkg.keywords === undefined);
  if (needLookup.length > maxLookups) {
    throw new RegistryError(
      'FARM_E098',
      `search "${text}" on ${registry}: ${needLookup.length} packages match and the registry does not say which are FARM plugins`,
      'search for something more specific',
    );
  }
  const looked = new Map(
    await Promise.all(
      needLookup.map(async (pkg) => {
        const { manifest } = await resolveVersion(pkg.name!, undefined, options, npm);
        return [
          pkg.name!,
          { version: manifest.version, description: manifest.description, keywords: manifest.keywords ?? [] },
        ] as const;
      }),
    ),
  );
  return candidates
    .map((pkg) => {
      const extra = looked.get(pkg.name!);
      return {
        name: pkg.name!,
        version: pkg.version ?? extra?.version,
        description: pkg.description ?? extra?.description,
        keywords: pkg.keywords ?? extra?.keywords ?? [],
        registry,
      };
    })
    .filter((result) => isFarmPluginName(result.name) || result.keywords.includes(pluginKeyword));
}

/** Registries that send no keywords: only packages the text itself matched may be keyword plugins. */
function matchesText(pkg: { name?: string; description?: string }, text: string): boolean {
  const haystack = `${pkg.name ?? ''} ${pkg.description ?? ''}`.toLowerCase();
  return text
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}
