import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { readPluginFolder, unpackPluginTarball, type PluginFile } from '../plugin-files';
import { loadNpmConfig } from './npm-config';
import { savedRange } from './pick-version';
import { RegistryError } from './registry-error';
import { getBytes } from './registry-fetch';
import { resolveWith, type RegistryOptions } from './resolve-version';

/** A plugin package on disk (same shape as generators/add's FetchedPlugin). */
export interface FetchedPlugin {
  dir: string;
  source: { type: 'npm'; spec: string; registry?: string; resolved?: string };
  /** Its files, read once and checked (plugin-files): what goes into the Tree and the integrity. */
  files: readonly PluginFile[];
}

/**
 * Downloads `name` at the version `range` selects from the registry npm would use, checks the
 * tarball against the registry's integrity, and extracts it to a fresh temporary folder.
 * `source.spec` is what `npm install` would save (`@farm/plugin-x@^1.0.0`), `source.resolved` the
 * tarball URL. The folder is left for the caller, who copies it into the workspace and then
 * calls removeFetched.
 */
export async function fetchFromRegistry(name: string, range: string | undefined, options: RegistryOptions): Promise<FetchedPlugin> {
  const config = loadNpmConfig(options);
  const resolved = await resolveWith(name, range, config, options.log);
  const { version, manifest, registry } = resolved;
  const tarball = manifest.dist.tarball;
  options.log?.(`${name}@${version}: downloading ${tarball}`);
  const bytes = await getBytes(tarball, { config, registry, log: options.log }, `${name}@${version} tarball`);
  verifyIntegrity(bytes, manifest.dist, `${name}@${version} (${tarball})`);
  const what = `${name}@${version} (${tarball})`;
  const dir = extractPackage(bytes, what, options.tempDir ?? tmpdir());
  let files: PluginFile[];
  try {
    if (!existsSync(join(dir, 'plugin.json'))) {
      throw new RegistryError('FARM_E095', `${name}@${version} from ${registry} is not a FARM plugin: its package has no plugin.json`, 'install FARM plugins only (their package holds a plugin.json at its root)');
    }
    files = readPluginFolder(dir, what);
  } catch (error) {
    removeFetched({ dir });
    throw error;
  }
  const spec = `${name}@${savedRange(range, version, { savePrefix: config.values['save-prefix'], saveExact: config.values['save-exact'] === 'true' })}`;
  return { dir, source: { type: 'npm', spec, registry, resolved: tarball }, files };
}

const workPrefix = 'farm-npm-';

/**
 * Deletes the temporary folder a fetched plugin was extracted to, once its files are in the
 * Tree. Only folders made by fetchFromRegistry are touched.
 */
export function removeFetched(plugin: { dir: string }): void {
  const work = dirname(dirname(plugin.dir));
  if (basename(dirname(plugin.dir)) === 'contents' && basename(work).startsWith(workPrefix)) rmSync(work, { recursive: true, force: true });
}

const algorithms = ['sha512', 'sha384', 'sha256', 'sha1'] as const;

/**
 * Checks bytes against `dist.integrity` (Subresource Integrity, strongest algorithm present),
 * or the legacy `dist.shasum` when that is all the registry has. A package with neither is refused.
 */
export function verifyIntegrity(bytes: Buffer, dist: { integrity?: string; shasum?: string }, what: string): void {
  const entries = (dist.integrity ?? '').split(/\s+/).filter(Boolean).map((entry) => {
    const dash = entry.indexOf('-');
    return { algorithm: entry.slice(0, dash), digest: entry.slice(dash + 1).replace(/\?.*$/, '') };
  });
  for (const algorithm of algorithms) {
    const expected = entries.filter((e) => e.algorithm === algorithm);
    if (!expected.length) continue;
    const actual = createHash(algorithm).update(bytes).digest('base64');
    if (expected.some((e) => e.digest === actual)) return;
    throw new RegistryError('FARM_E096',
      `${what}: integrity check failed — the registry says ${algorithm}-${expected[0].digest} but the downloaded tarball is ${algorithm}-${actual}. Nothing was installed.`,
      'the tarball was changed after publishing or corrupted on the way; retry, and if it persists report it to the registry or the package author',
    );
  }
  if (dist.shasum) {
    const actual = createHash('sha1').update(bytes).digest('hex');
    if (actual === dist.shasum.toLowerCase()) return;
    throw new RegistryError('FARM_E096', `${what}: shasum check failed — the registry says ${dist.shasum} but the downloaded tarball is ${actual}. Nothing was installed.`, 'retry; if it persists the registry copy is broken');
  }
  throw new RegistryError('FARM_E096', `${what}: the registry gives no integrity (dist.integrity or dist.shasum) to check the tarball against`, 'republish the package with a current npm');
}

/**
 * Extracts an npm tarball through plugin-files (node-tar with a filter: links, special files and
 * paths leaving the package are refused, FARM_E110–E113) and returns its package folder:
 * `package/`, or the single top-level folder of older tarballs.
 */
function extractPackage(bytes: Buffer, what: string, tempDir: string): string {
  const work = mkdtempSync(join(tempDir, workPrefix));
  const file = join(work, 'package.tgz');
  const out = join(work, 'contents');
  try {
    writeFileSync(file, bytes);
    mkdirSync(out);
    const dir = unpackPluginTarball(file, out, what);
    rmSync(file);
    if (dir !== out) return dir;
    throw new RegistryError('FARM_E095', `${what}: the tarball has no package/ folder`, 'republish it with npm publish (npm pack layout)');
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
}
