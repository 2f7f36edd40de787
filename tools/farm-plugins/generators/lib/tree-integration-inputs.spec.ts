import { writeJson } from '@nx/devkit';
import { loadFarmState } from '../../src/core/state';
import { createFarmTree } from '../../src/testing/farm-tree';
import { folderPlugin, removeFolderPlugins } from '../../src/testing/folder-plugin';
import { treeWorkspace } from '../../src/workspace-io/tree-workspace';
import addGenerator from '../add/add';
import { treeIntegrationInputs } from './tree-integration-inputs';

afterAll(removeFolderPlugins);

describe('the generators integrate with the inputs the executor has (issue 15)', () => {
  it('answers with this machine\'s runtimes and the npm packages package.json will install', () => {
    const tree = createFarmTree();
    writeJson(tree, 'package.json', { name: 'ws', dependencies: { nanoid: '^5.0.7', tagged: 'latest' }, devDependencies: { vite: '8.3.8' } });
    const inputs = treeIntegrationInputs(tree, loadFarmState(treeWorkspace(tree)));
    expect(inputs.runtimes?.node).toBe(process.versions.node);
    expect(['nanoid', 'vite', 'tagged', 'absent'].map((name) => inputs.installedPackages!(name))).toEqual(['5.0.7', '8.3.8', undefined, undefined]);
    expect(inputs.exists('package.json')).toBe(true);
  });

  it('refuses to add a plugin whose nodeVersion this machine does not meet (FARM_E027), as integrate would', async () => {
    const tree = createFarmTree();
    const dir = folderPlugin('@t/future', { nodeVersion: '>=99.0.0', frontend: { styles: ['./a.css'] } }, { 'a.css': '.a { color: red; }\n' });
    await expect(addGenerator(tree, { spec: dir })).rejects.toThrow(/FARM_E027[^\n]*@t\/future/);
  });
});
