import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFarmTree } from '../../src/testing/farm-tree';
import addGenerator from '../add/add';
import createGenerator from '../create/create';

const folderPlugin = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'farm-name-'));
  writeFileSync(
    join(dir, 'plugin.json'),
    JSON.stringify({ name, version: '1.0.0', description: 't', author: 't', license: 'MIT', farmVersion: '^1.0.0' }),
  );
  return dir;
};

// A plugin whose Nx project name is a host app's would make Nx refuse every command afterwards.
describe('plugin project names the workspace already has', () => {
  it.each(['@evil/frontend', '@evil/plugin-backend'])('add refuses %s before anything is written', async (name) => {
    const tree = createFarmTree();
    await expect(addGenerator(tree, { spec: folderPlugin(name) })).rejects.toThrow(
      /FARM_E007 plugin "@evil\/(plugin-)?(frontend|backend)" .*\/name\)/,
    );
  });

  it('create refuses a plugin named like the host apps', async () => {
    await expect(createGenerator(createFarmTree(), { name: 'frontend' })).rejects.toThrow(
      /would be the Nx project "frontend"/,
    );
  });
});
