import * as semver from 'semver';

/** One version's package.json as the registry serves it, with where to download it. */
export interface PackageVersionManifest {
  name: string;
  version: string;
  description?: string;
  keywords?: string[];
  license?: string;
  author?: unknown;
  deprecated?: string;
  dist: { tarball: string; integrity?: string; shasum?: string };
  [key: string]: unknown;
}

/** A registry's document for one package (the "packument"). */
export interface Packument {
  name: string;
  description?: string;
  'dist-tags'?: Record<string, string>;
  versions?: Record<string, PackageVersionManifest>;
  time?: Record<string, string>;
  keywords?: string[];
}

export type PickResult = { version: string } | { error: string };

/**
 * The version to install for `range`, as npm picks it:
 * - no range: the `latest` dist-tag, else the highest stable version, else the highest;
 * - a dist-tag (`next`): the version it points at;
 * - a semver range or version: the highest version satisfying it, preferring versions that are
 *   not deprecated.
 */
export function pickVersion(packument: Packument, range: string | undefined): PickResult {
  const versions = Object.keys(packument.versions ?? {}).filter((v) => semver.valid(v));
  const tags = packument['dist-tags'] ?? {};
  const available = `available: ${summarize(versions)}${Object.keys(tags).length ? `; dist-tags: ${Object.entries(tags).map(([t, v]) => `${t}=${v}`).join(', ')}` : ''}`;
  if (!versions.length) return { error: `${packument.name} has no published versions` };
  const wanted = range?.trim();
  if (!wanted || wanted === 'latest') {
    const latest = tags.latest;
    if (latest && packument.versions?.[latest]) return { version: latest };
    const stable = versions.filter((v) => !semver.prerelease(v));
    return { version: semver.rsort([...(stable.length ? stable : versions)])[0] };
  }
  if (Object.prototype.hasOwnProperty.call(tags, wanted) && !semver.validRange(wanted)) {
    const tagged = tags[wanted];
    return packument.versions?.[tagged] ? { version: tagged } : { error: `dist-tag "${wanted}" of ${packument.name} points at ${tagged}, which is not published` };
  }
  if (!semver.validRange(wanted)) return { error: `"${wanted}" is neither a version, a semver range nor a dist-tag of ${packument.name} (${available})` };
  const live = versions.filter((v) => !packument.versions![v].deprecated);
  const version = semver.maxSatisfying(live, wanted) ?? semver.maxSatisfying(versions, wanted);
  return version ? { version } : { error: `no version of ${packument.name} satisfies ${wanted} (${available})` };
}

/**
 * The spec to record for an install, as `npm install` saves it: a range stays as given; an exact
 * version, a dist-tag or nothing becomes `<save-prefix><version>` (`^1.2.0`; exact with save-exact).
 */
export function savedRange(range: string | undefined, version: string, options: { savePrefix?: string; saveExact?: boolean } = {}): string {
  const wanted = range?.trim();
  if (wanted && semver.validRange(wanted) && !semver.valid(wanted)) return wanted;
  return options.saveExact ? version : `${options.savePrefix ?? '^'}${version}`;
}

/** `1.0.0, 1.1.0, … 3.2.0` — a version list short enough for an error message. */
function summarize(versions: string[]): string {
  const sorted = semver.sort([...versions]);
  return sorted.length <= 8 ? sorted.join(', ') : `${sorted.slice(0, 3).join(', ')}, … ${sorted.slice(-4).join(', ')}`;
}
