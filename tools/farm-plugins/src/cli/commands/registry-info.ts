import * as semver from 'semver';
import { isFarmPluginName, packageInfo, pluginKeyword, type PackageInfo, type RegistryOptions } from '../../registry';
import type { Output } from './queries';

/**
 * `farm plugin info <name> --json` for a package that is not installed: what the registry knows,
 * in a shape of its own (docs/lifecycle.md "farm plugin info") — never pacote's manifest, whose
 * `_resolved`, `_integrity`, `_id`, `_from`… are internals of the resolver. Every key is always
 * present; a fact the registry does not give is `null` (or empty), so scripts need no guards.
 */
export interface RegistryPackageView {
  name: string;
  /** The version `npm install <name>` installs (the `latest` dist-tag), null when the registry offers none. */
  version: string | null;
  /** The registry asked (the package's scope registry, else npm's default), ending in `/`. */
  registry: string;
  description: string | null;
  license: string | null;
  /** `Name <email> (url)`, as npm writes a person. */
  author: string | null;
  homepage: string | null;
  /** The deprecation message of that version, null when it is not deprecated. */
  deprecated: string | null;
  keywords: string[];
  /** Marked as a FARM plugin: the `farm-plugin` keyword (nx run x:build adds it) or an @farm/plugin-* / farm-plugin-* name. */
  farmPlugin: boolean;
  'dist-tags': Record<string, string>;
  /** Every published version, oldest first (semver order). */
  versions: string[];
  /** That version's npm dependencies (name → range). */
  dependencies: Record<string, string>;
  /** Where that version's tarball is and what its bytes must hash to (ssri), as the registry states it. */
  dist: { tarball: string; integrity: string | null; shasum: string | null } | null;
}

/** How many versions the text lists before it says how many more there are (--json lists all). */
const listedVersions = 20;

/**
 * `farm plugin info <name>` for a package found on the registry (not installed): fetched through
 * the registry module (npm's config and pacote, so the scope registry, token and proxy apply),
 * printed as `npm view` presents a package, or as a RegistryPackageView with `--json`.
 * Errors are the registry's (FARM_E090–E094, E097).
 */
export async function registryInfo(name: string, out: Output, options: RegistryOptions): Promise<number> {
  const view = registryPackageView(await packageInfo(name, options));
  out.print(out.json ? JSON.stringify(view, null, 2) : formatRegistryPackage(view));
  return 0;
}

/** The facts a person asks of a registry package, picked from the packument and the version npm installs. */
export function registryPackageView(info: PackageInfo): RegistryPackageView {
  const m = info.latest;
  const keywords = stringList(m?.keywords);
  return {
    name: info.name,
    version: m?.version ?? null,
    registry: info.registry,
    description: text(m?.description) ?? text(info.description),
    license: license(m?.license),
    author: person(m?.author),
    homepage: text(m?.homepage),
    deprecated: text(m?.deprecated),
    keywords,
    farmPlugin: keywords.includes(pluginKeyword) || isFarmPluginName(info.name),
    'dist-tags': { ...info['dist-tags'] },
    versions: [...info.versions].sort((a, b) =>
      semver.valid(a) && semver.valid(b) ? semver.compare(a, b) : a < b ? -1 : 1,
    ),
    dependencies: stringRecord(m?.dependencies),
    dist: m?.dist?.tarball
      ? { tarball: m.dist.tarball, integrity: m.dist.integrity ?? null, shasum: m.dist.shasum ?? null }
      : null,
  };
}

/**
 * The text form, laid out as `npm view <name>` lays it out: a header line
 * (`name@version | license | deps | versions`), the description, keywords, dist, dependencies,
 * dist-tags (latest first); then what FARM adds: the versions, the registry, how to install.
 */
export function formatRegistryPackage(view: RegistryPackageView): string {
  const header = view.version
    ? `${view.name}@${view.version} | ${view.license ?? 'Proprietary'} | deps: ${Object.keys(view.dependencies).length || 'none'} | versions: ${view.versions.length}`
    : `${view.name} | no installable version | versions: ${view.versions.length}`;
  const lines = [header];
  if (view.description) lines.push(view.description);
  if (view.homepage) lines.push(view.homepage);
  if (view.deprecated) lines.push('', `DEPRECATED - ${view.deprecated}`);
  if (view.keywords.length) lines.push('', `keywords: ${view.keywords.join(', ')}`);
  lines.push(
    view.farmPlugin
      ? 'FARM plugin: yes'
      : 'FARM plugin: not marked as one (no farm-plugin keyword; installing it needs a plugin.json in the package)',
  );
  if (view.author) lines.push(`author: ${view.author}`);
  if (view.dist) {
    lines.push('', 'dist', `.tarball: ${view.dist.tarball}`);
    if (view.dist.integrity) lines.push(`.integrity: ${view.dist.integrity}`);
    else if (view.dist.shasum) lines.push(`.shasum: ${view.dist.shasum}`);
  }
  const dependencies = Object.entries(view.dependencies);
  if (dependencies.length)
    lines.push('', 'dependencies:', dependencies.map(([n, range]) => `${n}: ${range}`).join(', '));
  const tags = Object.entries(view['dist-tags']).sort(([a], [b]) =>
    a === 'latest' ? -1 : b === 'latest' ? 1 : a < b ? -1 : 1,
  );
  if (tags.length) lines.push('', 'dist-tags:', ...tags.map(([tag, version]) => `${tag}: ${version}`));
  if (view.versions.length) {
    const shown = view.versions.slice(-listedVersions);
    const older = view.versions.length - shown.length;
    lines.push('', `versions: ${older ? `(${older} older, --json lists them) ` : ''}${shown.join(', ')}`);
  }
  lines.push('', `registry: ${view.registry}`);
  if (view.version) lines.push(`install: farm plugin install ${view.name}`);
  return lines.join('\n');
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value : null;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function stringRecord(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

/** package.json's `license`: an SPDX string, or the old `{ type }` object npm also reads. */
function license(value: unknown): string | null {
  if (typeof value === 'string') return text(value);
  return value && typeof value === 'object' ? text((value as { type?: unknown }).type) : null;
}

/** A package.json person (`"Ada <a@x> (https://…)"` or `{ name, email, url }`) as npm writes it. */
function person(value: unknown): string | null {
  if (typeof value === 'string') return text(value);
  if (!value || typeof value !== 'object') return null;
  const { name, email, url } = value as { name?: unknown; email?: unknown; url?: unknown };
  const parts = [text(name), text(email) && `<${String(email)}>`, text(url) && `(${String(url)})`].filter(Boolean);
  return parts.length ? parts.join(' ') : null;
}
