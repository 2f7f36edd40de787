import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import * as semver from 'semver';
import { readPluginFolder, unpackPluginTarball, type PluginFile } from '../plugin-files';
import { loadNpmOptions, withNpmLog, type RegistryOptions } from './npm-options';
import { fromNpmError, RegistryError } from './registry-error';
import { errorContext, resolveVersion } from './resolve-version';

/** A plugin package on disk (same shape as generators/add's FetchedPlugin). */
export interface FetchedPlugin {
  dir: string;
  source: { type: 'npm' | 'tarball'; spec: string; registry?: string; resolved?: string };
  /** Its files, read once and checked (plugin-files): what goes into the Tree and the integrity. */
  files: readonly PluginFile[];
}

/**
 * Downloads `name` at the version `range` selects (resolveVersion: npm's own picking) from the
 * registry npm would use — npm's config, auth, proxy, CA and cache — through pacote, which checks
 * the bytes against the registry's integrity (ssri; FARM_E096 on a mismatch), then extracts them
 * through plugin-files (node-tar with a filter: links, special files and paths leaving the
 * package are refused, FARM_E110–E113) into a fresh temporary folder. `source.spec` is what
 * `npm install` would save (`@farm/plugin-x@^1.1.0`), `source.resolved` the tarball URL. The
 * folder is left for the caller, who copies it into the workspace and then calls removeFetched.
 */
export async function fetchFromRegistry(
  name: string,
  range: string | undefined,
  options: RegistryOptions,
): Promise<FetchedPlugin> {
  const resolved = await resolveVersion(name, range, options);
  const { version, manifest, registry, fetcher, npm } = resolved;

  const what = `${name}@${version} (${manifest._resolved})`;
  options.log?.(`${name}@${version}: downloading ${manifest._resolved}`);
  const bytes = await withNpmLog(options.log, () => fetcher.tarball()).catch((error) => {
    throw fromNpmError(error, errorContext(npm, registry, what));
  });
  const dir = extractPlugin(bytes, what, `${name}@${version} from ${registry}`, options.tempDir ?? tmpdir());
  const files = readOrRemove(dir, what);
  const spec = `${name}@${savedRange(range, version, String(npm.flat.savePrefix ?? '^'))}`;
  return { dir, source: { type: 'npm', spec, registry, resolved: manifest._resolved }, files };
}

/**
 * Downloads a tarball URL (`https://…/x.tgz`, a spec npm-package-arg reads as `remote`) through
 * pacote with npm's proxy, CA and auth for that host, and extracts it like a registry package.
 */
export async function fetchRemoteTarball(url: string, options: RegistryOptions): Promise<FetchedPlugin> {
  const npm = await loadNpmOptions(options);
  const { RemoteFetcher }: typeof import('pacote') = require('pacote');
  options.log?.(`downloading ${url}`);
  const bytes = await withNpmLog(options.log, () => new RemoteFetcher(url, npm.flat).tarball()).catch((error) => {
    throw fromNpmError(error, errorContext(npm, url, url));
  });
  const dir = extractPlugin(bytes, url, url, options.tempDir ?? tmpdir());
  return {
    dir,
    source: { type: 'tarball', spec: url, resolved: `${url}#${bytes.integrity}` },
    files: readOrRemove(dir, url),
  };
}

/**
 * The range `npm install name@range` saves for the version it installed (npm's reify): a range
 * the saved `<save-prefix><version>` is a subset of becomes that (`^1.0.0` installing 1.1.0 saves
 * `^1.1.0`); any other range is kept as typed; a version, a dist-tag or nothing saves
 * `<save-prefix><version>`. npm's `save-exact` arrives here as an empty save-prefix.
 */
export function savedRange(range: string | undefined, version: string, savePrefix = '^'): string {
  const wanted = range?.trim();
  const prefixed = `${savePrefix}${version}`;
  if (!wanted || wanted === '*' || !semver.validRange(wanted) || semver.valid(wanted)) return prefixed;
  return semver.subset(prefixed, wanted, { loose: true }) ? prefixed : wanted;
}

const workPrefix = 'farm-npm-';

/**
 * Deletes the temporary folder a fetched plugin was extracted to, once its files are in the
 * Tree. Only folders made here are touched.
 */
export function removeFetched(plugin: { dir: string }): void {
  const work = dirname(dirname(plugin.dir));
  if (basename(dirname(plugin.dir)) === 'contents' && basename(work).startsWith(workPrefix))
    rmSync(work, { recursive: true, force: true });
}

/** The checked files of an extracted package, or FARM_E095 when it holds no plugin.json. */
function readOrRemove(dir: string, what: string): PluginFile[] {
  try {
    if (!existsSync(join(dir, 'plugin.json'))) {
      throw new RegistryError(
        'FARM_E095',
        `${what} is not a FARM plugin: its package has no plugin.json`,
        'install FARM plugins only (their package holds a plugin.json at its root)',
      );
    }
    return readPluginFolder(dir, what);
  } catch (error) {
    removeFetched({ dir });
    throw error;
  }
}

/**
 * Extracts an npm tarball through plugin-files and returns its package folder: `package/`, or
 * the single top-level folder of older tarballs.
 */
function extractPlugin(bytes: Buffer, what: string, label: string, tempDir: string): string {
  const work = mkdtempSync(join(tempDir, workPrefix));
  const file = join(work, 'package.tgz');
  const out = join(work, 'contents');
  try {
    writeFileSync(file, bytes);
    mkdirSync(out);
    const dir = unpackPluginTarball(file, out, what);
    rmSync(file);
    if (dir !== out) return dir;
    throw new RegistryError(
      'FARM_E095',
      `${label}: the tarball has no package/ folder`,
      'republish it with npm publish (npm pack layout)',
    );
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
}
