import { writeJson } from '@nx/devkit';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsTree } from 'nx/src/generators/tree';
import { loadFarmState } from '../../src/core/state';
import { createFarmTree } from '../../src/testing/farm-tree';
import { folderPlugin, removeFolderPlugins } from '../../src/testing/folder-plugin';
import { treeWorkspace } from '../../src/workspace-io/tree-workspace';
import addGenerator from '../add/add';
import { treeIntegrationInputs } from './tree-integration-inputs';

afterAll(removeFolderPlugins);

describe('the generators integrate with the inputs the executor has (issue 15)', () => {
  it("answers with this machine's runtimes and the npm packages package.json will install", () => {
    const tree = createFarmTree();
    writeJson(tree, 'package.json', {
      name: 'ws',
      dependencies: { nanoid: '^5.0.7', tagged: 'latest' },
      devDependencies: { vite: '8.3.8' },
    });
    const inputs = treeIntegrationInputs(tree, loadFarmState(treeWorkspace(tree)));
    expect(inputs.runtimes?.node).toBe(process.versions.node);
    expect(['nanoid', 'vite', 'tagged', 'absent'].map((name) => inputs.installedPackages!(name))).toEqual([
      '5.0.7',
      '8.3.8',
      // A tag (or a file: tarball) the change adds: the install brings it; its version is npm's to say.
      'latest',
      undefined,
    ]);
    expect(inputs.exists('package.json')).toBe(true);
  });

  it('answers with the range package.json now asks for when a hoisted older copy is installed (it is about to be replaced)', () => {
    const root = mkdtempSync(join(tmpdir(), 'farm-inputs-'));
    try {
      writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'ws', dependencies: { react: '^19.0.0' } }));
      for (const [name, version] of [
        ['nanoid', '3.3.20'],
        ['react', '19.2.0'],
      ]) {
        mkdirSync(join(root, 'node_modules', name!), { recursive: true });
        writeFileSync(join(root, 'node_modules', name!, 'package.json'), JSON.stringify({ name, version }));
      }
      const tree = new FsTree(root, false);
      writeJson(tree, 'package.json', { name: 'ws', dependencies: { react: '^19.0.0', nanoid: '^5.0.0' } });
      const inputs = treeIntegrationInputs(tree, loadFarmState(treeWorkspace(tree)));
      // nanoid's range is new: its install follows the commit; react's is unchanged: as installed.
      expect(['nanoid', 'react'].map((name) => inputs.installedPackages!(name))).toEqual(['5.0.0', '19.2.0']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses to add a plugin whose nodeVersion this machine does not meet (FARM_E027), as integrate would', async () => {
    const tree = createFarmTree();
    const dir = folderPlugin(
      '@t/future',
      { nodeVersion: '>=99.0.0', frontend: { styles: ['./a.css'] } },
      { 'a.css': '.a { color: red; }\n' },
    );
    await expect(addGenerator(tree, { spec: dir })).rejects.toThrow(/FARM_E027[^\n]*@t\/future/);
  });
});
