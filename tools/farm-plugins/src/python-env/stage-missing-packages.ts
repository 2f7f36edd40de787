import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FarmError } from '../core/errors';
import { heldScratch } from '../workspace-io/scratch-folder';
import { renameIntoPlace, reuseStagedSet, scratchFor } from '../workspace-io/staged-sets';
import { installedDistributions, pinKey } from './installed-distributions';
import { environmentProblem } from './python-lock';
import { runUv } from './uv';

/** Where staged package sets are kept between runs (a cache: deleting it is safe). */
export const gateSiteCache = 'node_modules/.cache/farm/gate-site';

const pinOf = (line: string) => {
  const [, name, version] = /^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)/.exec(line.trim()) ?? [];
  return name && version ? pinKey(name, version) : undefined;
};

/**
 * The pins of `lock` (a requirements file of `name==version` lines) that `python`'s environment
 * does not have at that version: read from the venv's `*.dist-info` folders
 * (installedDistributions), or from `uv pip freeze` when `python` is not a venv's. `cwd` is where
 * uv runs. Throws FarmError FARM_E101 when uv fails.
 */
export function missingPins(lock: string, python: string, cwd: string): string[] {
  let installed = installedDistributions(python);
  if (!installed) {
    const frozen = runUv(['pip', 'freeze', '--python', python], { cwd });
    if (frozen.status !== 0) throw new FarmError([environmentProblem('cannot list the packages of .venv', frozen)]);
    installed = new Set(
      frozen.stdout
        .split('\n')
        .map(pinOf)
        .filter((k): k is string => k !== undefined),
    );
  }
  return lock
    .split('\n')
    .filter((line) => {
      const key = pinOf(line);
      return key !== undefined && !installed.has(key);
    })
    .map((line) => line.trim());
}

/**
 * Installs (not into the venv) the pins of `lock` that `python`'s environment does not have at that
 * version, so a candidate that needs a package the change would install can be imported before
 * anything is committed (PYTHONPATH = the returned folder, first). Returns undefined when nothing
 * is missing — the usual case, found without a process (missingPins).
 *
 * A set is installed once (`uv pip install --no-deps --target`, ~0.5 s from uv's cache) into
 * `<cache>/<digest>` — the workspace's `node_modules/.cache/farm/gate-site` (gateSiteCache) — named
 * by the digest of the missing pins and the interpreter, and reused by the next gate that misses the same set (add --dry-run then add,
 * a refused add tried again). It is installed into a scratch folder renamed into place, so a
 * half-installed set is never used and two gates staging the same set at once both end with one
 * whole copy; sets unused for a week are removed. uv runs in `cwd`. Throws FarmError FARM_E101 when
 * uv fails.
 */
export function stageMissingPackages(lock: string, python: string, cache: string, cwd: string): string | undefined {
  const missing = missingPins(lock, python, cwd);
  if (!missing.length) return undefined;
  const digest = createHash('sha256')
    .update(`${python}\n${interpreterStamp(python)}\n${[...missing].sort().join('\n')}\n`)
    .digest('hex')
    .slice(0, 32);
  const site = join(cache, digest);
  if (reuseStagedSet(site)) return site;
  const scratch = scratchFor(cache, site);
  const requirements = heldScratch(`${scratch.path}.txt`);
  try {
    writeFileSync(requirements.path, `${missing.join('\n')}\n`);
    const installed = runUv(
      ['pip', 'install', '--quiet', '--no-deps', '--target', scratch.path, '--python', python, '-r', requirements.path],
      { cwd },
    );
    if (installed.status !== 0)
      throw new FarmError([environmentProblem('cannot stage the packages this change needs', installed)]);
    renameIntoPlace(scratch.path, site);
    return site;
  } finally {
    scratch.remove();
    requirements.remove();
  }
}

/** The venv's pyvenv.cfg (its Python's version): a venv made again with another Python stages anew. */
function interpreterStamp(python: string): string {
  try {
    return readFileSync(join(dirname(dirname(python)), 'pyvenv.cfg'), 'utf8');
  } catch {
    return '';
  }
}
