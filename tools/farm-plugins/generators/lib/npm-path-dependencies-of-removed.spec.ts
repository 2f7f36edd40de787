import { readJson, writeJson } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import type { LoadedManifest } from '../../src/core/manifest';
import { dropPathDependenciesOf } from './npm-path-dependencies-of-removed';

const declaring = (name: string, deps: string[]): LoadedManifest =>
  ({
    manifest: { name, frontend: { dependencies: deps.map((d) => ({ name: d })) } },
    root: `libs/plugins/${name}`,
    file: `libs/plugins/${name}/plugin.json`,
  }) as unknown as LoadedManifest;

describe('dropPathDependenciesOf', () => {
  it("drops path entries into a removed plugin's folder, keeps registry entries, others' paths and what a remaining plugin declares", () => {
    const tree = createTreeWithEmptyWorkspace();
    writeJson(tree, 'package.json', {
      name: 'ws',
      dependencies: {
        lk: 'file:libs/plugins/linky/vendor/lk',
        tgz: 'file:./libs/plugins/linky/vendor/tgz-1.0.0.tgz',
        shared: 'file:libs/plugins/linky/vendor/shared',
        clsx: '^2.1.0',
        other: 'file:libs/plugins/other/vendor/other',
        near: 'file:libs/plugins/linky-two/vendor/near',
      },
      devDependencies: { repo: `git+file://${tree.root}/libs/plugins/linky/vendor/repo`, react: '^19.0.0' },
    });
    const dropped = dropPathDependenciesOf(tree, ['libs/plugins/linky'], [declaring('b', ['shared'])]);
    expect(dropped).toEqual(['lk', 'repo', 'tgz']);
    expect(readJson(tree, 'package.json')).toEqual({
      name: 'ws',
      dependencies: {
        shared: 'file:libs/plugins/linky/vendor/shared',
        clsx: '^2.1.0',
        other: 'file:libs/plugins/other/vendor/other',
        near: 'file:libs/plugins/linky-two/vendor/near',
      },
      devDependencies: { react: '^19.0.0' },
    });
  });

  it('leaves package.json untouched when no entry is a path into a removed folder', () => {
    const tree = createTreeWithEmptyWorkspace();
    writeJson(tree, 'package.json', { name: 'ws', dependencies: { clsx: '^2.1.0' } });
    const before = tree.read('package.json', 'utf8');
    expect(dropPathDependenciesOf(tree, ['libs/plugins/linky'], [])).toEqual([]);
    expect(tree.read('package.json', 'utf8')).toBe(before);
  });
});
