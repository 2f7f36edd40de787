import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadedManifest } from '../../src/core/manifest';
import { addNpmDependencies } from './npm-dependencies';

// Nx's own FsTree over a real folder, as `nx g` uses it.
const { FsTree } = require('nx/src/generators/tree');

/** A plugin that declares `nanoid@^5.0.0` (what addNpmDependencies reads of it). */
const ids = {
  name: '@t/ids',
  loaded: {
    manifest: { name: '@t/ids', frontend: { dependencies: [{ name: 'nanoid', version: '^5.0.0' }] } },
    file: 'libs/plugins/ids/plugin.json',
    root: 'libs/plugins/ids',
  } as unknown as LoadedManifest,
};

describe('addNpmDependencies', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'farm-npm-deps-'));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'ws', dependencies: { nanoid: '^5.0.0' } }));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('installs again what package.json lists and node_modules lacks (an install interrupted after the write)', () => {
    expect(typeof addNpmDependencies(new FsTree(root, false), [ids])).toBe('function');
  });

  it('does nothing when package.json and node_modules both have it', () => {
    mkdirSync(join(root, 'node_modules/nanoid'), { recursive: true });
    writeFileSync(join(root, 'node_modules/nanoid/package.json'), JSON.stringify({ name: 'nanoid', version: '5.1.0' }));
    expect(addNpmDependencies(new FsTree(root, false), [ids])).toBeUndefined();
  });

  it("narrows package.json's range to a plugin's range inside it and installs again when the copy is outside", () => {
    const lite = {
      name: '@t/lite',
      loaded: {
        manifest: { name: '@t/lite', frontend: { dependencies: [{ name: 'nanoid', version: '^5.1.0' }] } },
        file: 'libs/plugins/lite/plugin.json',
        root: 'libs/plugins/lite',
      } as unknown as LoadedManifest,
    };
    mkdirSync(join(root, 'node_modules/nanoid'), { recursive: true });
    writeFileSync(join(root, 'node_modules/nanoid/package.json'), JSON.stringify({ name: 'nanoid', version: '5.0.2' }));
    const tree = new FsTree(root, false);
    expect(typeof addNpmDependencies(tree, [lite])).toBe('function');
    expect(JSON.parse(tree.read('package.json', 'utf-8')).dependencies).toEqual({ nanoid: '^5.1.0' });
  });
});
