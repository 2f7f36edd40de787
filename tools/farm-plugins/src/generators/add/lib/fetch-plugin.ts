import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { FarmError, problem } from '../../../core/errors';
import type { PluginSourceType } from '../../../core/workspace';
import type { PluginSpec } from './parse-plugin-spec';

/** A plugin package on disk, ready to be read and copied into the workspace. */
export interface FetchedPlugin {
  dir: string;
  source: { type: PluginSourceType; spec: string; registry?: string; resolved?: string };
  /** Removes what fetching left in the temp dir (nothing for a local folder). */
  cleanup?: () => void;
}

/** Local folders, tarballs and git repositories; registry packages go through `registry/`. */
export function fetchFromDisk(spec: Exclude<PluginSpec, { type: 'name' }>, raw: string, cwd: string): FetchedPlugin {
  switch (spec.type) {
    case 'local': {
      const dir = resolve(cwd, spec.path);
      if (!existsSync(join(dir, 'plugin.json'))) throw new FarmError([problem('FARM_E001', `${dir} has no plugin.json: not a FARM plugin folder`, { file: join(dir, 'plugin.json') })]);
      return { dir, source: { type: 'local', spec: raw } };
    }
    case 'tarball': {
      const dir = extractTarball(resolve(cwd, spec.path));
      return { dir, source: { type: 'tarball', spec: raw }, cleanup: () => rmSync(tempRootOf(dir), { recursive: true, force: true }) };
    }
    case 'git': {
      const dir = mkdtempSync(join(tmpdir(), 'farm-git-'));
      const args = ['clone', '--quiet', '--depth', '1', ...(spec.ref ? ['--branch', spec.ref] : []), spec.url, dir];
      run('git', args, `git clone ${spec.url}`);
      const commit = run('git', ['-C', dir, 'rev-parse', 'HEAD'], 'git rev-parse').trim();
      return { dir: pluginRootIn(dir), source: { type: 'git', spec: raw, resolved: `${spec.url}#${commit}` }, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
    }
  }
}

/** npm tarballs hold a single `package/` folder; others may hold the plugin at the root. */
export function extractTarball(file: string): string {
  if (!existsSync(file)) throw new Error(`${file} does not exist`);
  const dir = mkdtempSync(join(tmpdir(), 'farm-tgz-'));
  run('tar', ['-xzf', file, '-C', dir, '--no-same-owner'], `extract ${file}`);
  return pluginRootIn(dir);
}

/** The farm-tgz-* folder an extracted plugin sits in (it may be one level down, in package/). */
function tempRootOf(dir: string): string {
  const [first] = relative(tmpdir(), dir).split(sep);
  return join(tmpdir(), first);
}

function pluginRootIn(dir: string): string {
  if (existsSync(join(dir, 'plugin.json'))) return dir;
  const children = readdirSync(dir).filter((c) => statSync(join(dir, c)).isDirectory());
  if (children.length === 1 && existsSync(join(dir, children[0], 'plugin.json'))) return join(dir, children[0]);
  throw new FarmError([problem('FARM_E095', 'no plugin.json found in the fetched package (at its root or in its one folder)', { file: dir })]);
}

function run(command: string, args: string[], what: string): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`${what} failed${stderr ? `: ${stderr}` : ''}`);
  }
}
