import type { Tree } from '@nx/devkit';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { treeOperationProblems } from './tree-operations';
import type { TreeOperation } from './types';

describe('treeOperationProblems: Tree paths a hook may not reach', () => {
  let base: string;
  let tree: Tree;
  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'farm-tree-ops-'));
    mkdirSync(join(base, 'ws/apps/web'), { recursive: true });
    mkdirSync(join(base, 'elsewhere'));
    // A folder of the workspace that links outside it (as node_modules does in a linked checkout).
    symlinkSync(join(base, 'elsewhere'), join(base, 'ws/linked'));
    symlinkSync(join(base, 'ws/apps'), join(base, 'ws/apps-link'));
    tree = { root: join(base, 'ws') } as Tree;
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  const write = (path: string): TreeOperation => ({ hook: 'onInstall', op: 'write', path, content: Buffer.from('x') });

  it.each([
    ['a new file', 'apps/web/new.ts'],
    ['a new folder', 'fresh/deep/file.txt'],
    ['a path through a link that stays inside', 'apps-link/web/x.ts'],
  ])('lets %s through', (_what, path) => {
    expect(treeOperationProblems(tree, [write(path)], { plugin: '@t/h', file: 'libs/plugins/h/index.js' })).toEqual([]);
  });

  it.each([
    ['../outside.txt', 'leaves the workspace'],
    ['apps/../../outside.txt', 'leaves the workspace'],
    ['.git/hooks/pre-commit', "is inside git's own folder"],
    ['linked/x.js', `goes through linked, a symbolic link to ${'BASE'}/elsewhere outside the workspace`],
  ])('refuses %s', (path, why) => {
    const problems = treeOperationProblems(tree, [write(path), { hook: 'onInstall', op: 'delete', path }], {
      plugin: '@t/h',
      file: 'libs/plugins/h/index.js',
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'FARM_E134', plugin: '@t/h', file: 'libs/plugins/h/index.js' });
    expect(problems[0]!.message).toBe(
      `@t/h onInstall wrote "${path}" through the Tree, which ${why.replace('BASE', base)}. Nothing was changed.`,
    );
  });

  it('refuses what is not a Tree operation (a hook can write to the IPC channel itself)', () => {
    const forged = [
      { op: 'write', path: 'x', content: 'not bytes' },
      { op: 'symlink', path: 'y' },
    ] as unknown as TreeOperation[];
    const problems = treeOperationProblems(tree, forged, { plugin: '@t/h', file: 'x' });
    expect(problems.map((p) => p.code)).toEqual(['FARM_E134', 'FARM_E134']);
    expect(problems[1]!.message).toContain('sent a Tree operation that is not one ({"op":"symlink","path":"y"})');
  });

  it('refuses the workspace root itself', () => {
    const p = treeOperationProblems(tree, [{ hook: 'onUninstall', op: 'delete', path: '' }], {
      plugin: '@t/h',
      file: 'x',
    })[0]!;
    expect(p.message).toBe(
      '@t/h onUninstall deleted "" through the Tree, which is the workspace root itself. Nothing was changed.',
    );
  });
});
