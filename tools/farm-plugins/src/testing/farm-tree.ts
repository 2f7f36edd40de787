import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diskFiles } from '../../generators/lib/tree-files';
import { repoRoot } from './temp-workspace';

/**
 * A virtual Tree shaped like a FARM workspace: both host apps with their integrate targets (and
 * the backend's sources, which the runtime gate imports), a workspace.json, and the given
 * official plugins copied from this repository (installed+active).
 */
export function createFarmTree(options: { plugins?: string[]; installed?: string[] } = {}): Tree {
  const tree = createTreeWithEmptyWorkspace();
  // The backend's Python project and its resolved lock: generators resolve plugins' Python
  // dependencies against them (a lock whose inputs are unchanged is reused without the network).
  for (const file of [
    'apps/frontend/project.json',
    'apps/backend/project.json',
    'pyproject.toml',
    'uv.lock',
    'apps/backend/requirements.lock',
  ]) {
    tree.write(file, readFileSync(join(repoRoot, file), 'utf8'));
  }
  // The backend host's own sources (not its generated plugins/): the runtime gate imports them.
  for (const file of diskFiles(join(repoRoot, 'apps/backend/src'))) {
    if (!file.path.startsWith('plugins/') && !file.path.includes('__pycache__'))
      tree.write(`apps/backend/src/${file.path}`, file.bytes);
  }
  const plugins: Record<string, unknown> = {};
  for (const short of options.plugins ?? []) {
    for (const file of diskFiles(join(repoRoot, 'libs/plugins', short)))
      tree.write(`libs/plugins/${short}/${file.path}`, file.bytes);
    const manifest = JSON.parse(tree.read(`libs/plugins/${short}/plugin.json`, 'utf-8')!);
    if (options.installed?.includes(short) ?? true) {
      plugins[manifest.name] = {
        source: { type: 'workspace', spec: `libs/plugins/${short}` },
        version: manifest.version,
        active: true,
        config: short === 'auth' ? { jwt: { secret: 'test' } } : {},
      };
    }
  }
  tree.write('workspace.json', JSON.stringify({ farmVersion: '1.0.0', environment: 'development', plugins }, null, 2));
  return tree;
}

/** A stable fingerprint of every file in the Tree, to prove a failed generator changed nothing. */
export function treeFingerprint(tree: Tree): string {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const child of tree.children(dir)) {
      const path = dir ? `${dir}/${child}` : child;
      if (tree.isFile(path)) files.push(`${path}\0${tree.read(path)!.toString('base64')}`);
      else walk(path);
    }
  };
  walk('');
  return files.sort().join('\n');
}
