import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FarmError } from '../core/errors';
import { normalizePackageName } from '../core/plan';
import { environmentProblem } from './python-lock';
import { runUv } from './uv';

const pin = (line: string) => {
  const [, name, version] = /^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)/.exec(line.trim()) ?? [];
  return name && version ? `${normalizePackageName(name)}==${version.toLowerCase()}` : undefined;
};

/**
 * Installs into `target` (not into the venv) the pins of `lock` that `python`'s environment does
 * not have at that version, so a candidate that needs a package the change would install can be
 * imported before anything is committed (PYTHONPATH=target first). Returns `target`, or
 * undefined when nothing is missing. Throws FarmError FARM_E101 when uv fails.
 */
export function stageMissingPackages(target: string, lock: string, python: string, cwd: string): string | undefined {
  const frozen = runUv(['pip', 'freeze', '--python', python], { cwd });
  if (frozen.status !== 0) throw new FarmError([environmentProblem('cannot list the packages of .venv', frozen)]);
  const installed = new Set(frozen.stdout.split('\n').map(pin).filter(Boolean));
  const missing = lock.split('\n').filter((line) => pin(line) !== undefined && !installed.has(pin(line)));
  if (!missing.length) return undefined;
  const requirements = join(target, '..', 'gate-requirements.txt');
  writeFileSync(requirements, `${missing.join('\n')}\n`);
  const installedNow = runUv(
    ['pip', 'install', '--quiet', '--no-deps', '--target', target, '--python', python, '-r', requirements],
    { cwd },
  );
  if (installedNow.status !== 0)
    throw new FarmError([environmentProblem('cannot stage the packages this change needs', installedNow)]);
  return target;
}
