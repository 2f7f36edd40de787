import { logger, type Tree } from '@nx/devkit';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeRegistry, type FakeRegistry } from '../../src/registry/testing/fake-registry';
import { createFarmTree, treeFingerprint } from '../../src/testing/farm-tree';
import { pluginIntegrity, treeFiles } from '../lib';
import updateGenerator from './update';

const workspaceOf = (tree: Tree) => JSON.parse(tree.read('workspace.json', 'utf-8')!);
const integration = (tree: Tree) => tree.read('apps/backend/src/plugins/integration.py', 'utf-8') ?? '';

/** plugin.json + router of @farm/plugin-<short> at `version`; `extra` merges into the manifest. */
function pluginFiles(short: string, version: string, extra: object = {}): Record<string, string> {
  const manifest = {
    name: `@farm/plugin-${short}`,
    version,
    description: `${short} test plugin`,
    author: 't',
    license: 'MIT',
    farmVersion: '^1.0.0',
    backend: { routers: { [`${short}_router`]: { path: `./routers/${short}.py`, prefix: `/${short}` } } },
    ...extra,
  };
  return {
    'plugin.json': JSON.stringify(manifest, null, 2),
    [`routers/${short}.py`]: `from fastapi import APIRouter\n\n${short}_router = APIRouter()\nVERSION = "${version}"\n`,
  };
}

function publish(registry: FakeRegistry, short: string, version: string, extra: object = {}) {
  return registry.publish({ name: `@farm/plugin-${short}`, version }, pluginFiles(short, version, extra));
}

/** Puts a registry plugin into the Tree as `add` leaves it: files, and a workspace.json entry. */
function installed(tree: Tree, registry: FakeRegistry, short: string, version: string, spec = `^${version}`): void {
  for (const [path, contents] of Object.entries(pluginFiles(short, version)))
    tree.write(`libs/plugins/${short}/${path}`, contents);
  const workspace = workspaceOf(tree);
  workspace.plugins[`@farm/plugin-${short}`] = {
    source: {
      type: 'npm',
      spec: `@farm/plugin-${short}@${spec}`,
      registry: registry.url,
      resolved: `${registry.url}@farm/plugin-${short}/-/plugin-${short}-${version}.tgz`,
    },
    version,
    integrity: pluginIntegrity(treeFiles(tree, `libs/plugins/${short}`)),
    active: true,
    config: {},
  };
  tree.write('workspace.json', JSON.stringify(workspace, null, 2));
}

let registry: FakeRegistry;
let lines: string[];
const savedEnv = { ...process.env };

beforeEach(async () => {
  registry = await startFakeRegistry();
  // The registry comes from npm config like everywhere else; env beats any ~/.npmrc here. A fresh
  // npm cache per test, and npm's retries without their 10 s back-off.
  const home = mkdtempSync(join(tmpdir(), 'farm-update-home-'));
  writeFileSync(join(home, '.npmrc'), '');
  Object.assign(process.env, {
    npm_config_registry: registry.url,
    'npm_config_@farm:registry': registry.url,
    npm_config_userconfig: join(home, '.npmrc'),
    npm_config_globalconfig: join(home, 'none'),
    npm_config_cache: join(home, 'npm-cache'),
    npm_config_fetch_retry_mintimeout: '20',
    npm_config_fetch_retry_maxtimeout: '50',
  });
  lines = [];
  jest.spyOn(logger, 'info').mockImplementation((line) => void lines.push(String(line)));
});
afterEach(async () => {
  jest.restoreAllMocks();
  process.env = { ...savedEnv };
  await registry.close();
});

describe('update', () => {
  it('moves to the newest version within the recorded range, prints the plan first, and rewires', async () => {
    for (const v of ['1.0.0', '1.1.0', '1.2.0', '2.0.0']) publish(registry, 'x', v);
    const tree = createFarmTree();
    installed(tree, registry, 'x', '1.0.0');
    await updateGenerator(tree, {});

    expect(lines[0]).toBe(
      'update plan:\n  @farm/plugin-x: 1.0.0 → 1.2.0 (within ^1.0.0); 2.0.0 is out of range: use --latest',
    );
    expect(lines.at(-1)).toBe('updated @farm/plugin-x 1.0.0 → 1.2.0 (libs/plugins/x)');
    expect(tree.read('libs/plugins/x/routers/x.py', 'utf-8')).toContain('VERSION = "1.2.0"');
    const entry = workspaceOf(tree).plugins['@farm/plugin-x'];
    expect(entry).toEqual({
      source: {
        type: 'npm',
        spec: '@farm/plugin-x@^1.0.0',
        registry: registry.url,
        resolved: `${registry.url}@farm/plugin-x/-/plugin-x-1.2.0.tgz`,
      },
      version: '1.2.0',
      integrity: pluginIntegrity(treeFiles(tree, 'libs/plugins/x')),
      active: true,
      config: {},
    });
    expect(integration(tree)).toContain('prefix="/x"');
  });

  it('--latest leaves the range and records the new one', async () => {
    for (const v of ['1.0.0', '1.1.0', '2.0.0']) publish(registry, 'x', v);
    const tree = createFarmTree();
    installed(tree, registry, 'x', '1.0.0');
    await updateGenerator(tree, { name: 'x', latest: true });
    expect(lines[0]).toBe('update plan:\n  @farm/plugin-x: 1.0.0 → 2.0.0');
    expect(workspaceOf(tree).plugins['@farm/plugin-x']).toMatchObject({
      version: '2.0.0',
      source: { spec: '@farm/plugin-x@^2.0.0' },
    });
  });

  it('updates every registry plugin when no name is given, and says which are up to date', async () => {
    publish(registry, 'a', '1.0.0');
    publish(registry, 'a', '1.0.1');
    publish(registry, 'b', '3.0.0');
    const tree = createFarmTree({ plugins: ['auth'] });
    installed(tree, registry, 'b', '3.0.0');
    installed(tree, registry, 'a', '1.0.0');
    await updateGenerator(tree, {});
    expect(lines[0]).toBe(
      'update plan:\n  @farm/plugin-a: 1.0.0 → 1.0.1 (within ^1.0.0)\n  @farm/plugin-b: 3.0.0 is up to date (within ^3.0.0)',
    );
    const plugins = workspaceOf(tree).plugins;
    expect([
      plugins['@farm/plugin-a'].version,
      plugins['@farm/plugin-b'].version,
      plugins['@farm/auth'].version,
    ]).toEqual(['1.0.1', '3.0.0', '1.0.0']);
  });

  it('changes nothing when everything is up to date', async () => {
    publish(registry, 'x', '1.0.0');
    const tree = createFarmTree();
    installed(tree, registry, 'x', '1.0.0');
    const before = treeFingerprint(tree);
    await updateGenerator(tree, { name: '@farm/plugin-x' });
    expect(lines).toEqual([
      'update plan:\n  @farm/plugin-x: 1.0.0 is up to date (within ^1.0.0)',
      'everything is up to date',
    ]);
    expect(treeFingerprint(tree)).toBe(before);
  });

  it('refuses to overwrite local edits, changing nothing, unless --force', async () => {
    publish(registry, 'x', '1.0.0');
    publish(registry, 'x', '1.1.0');
    const tree = createFarmTree();
    installed(tree, registry, 'x', '1.0.0');
    tree.write('libs/plugins/x/routers/x.py', 'x_router = None  # my local fix\n');
    const before = treeFingerprint(tree);
    await expect(updateGenerator(tree, {})).rejects.toThrow(
      /FARM_E099 plugin "@farm\/plugin-x" \(libs\/plugins\/x\):\n\s+not updating: files in libs\/plugins\/x were changed since they were installed \(workspace\.json says sha512-[\s\S]*rerun with --force/,
    );
    expect(treeFingerprint(tree)).toBe(before);
    expect(lines[0]).toMatch(/^update plan:\n {2}@farm\/plugin-x: 1\.0\.0 → 1\.1\.0/);

    await updateGenerator(tree, { force: true });
    expect(tree.read('libs/plugins/x/routers/x.py', 'utf-8')).toContain('VERSION = "1.1.0"');
  });

  // The new files are in the Tree when the check fails; Nx discards a Tree whose generator throws.
  it('fails when the new version breaks the dependency graph', async () => {
    publish(registry, 'x', '1.0.0');
    publish(registry, 'x', '1.1.0', { dependencies: [{ name: '@farm/plugin-missing', version: '^1.0.0' }] });
    const tree = createFarmTree();
    installed(tree, registry, 'x', '1.0.0');
    await expect(updateGenerator(tree, {})).rejects.toThrow(/FARM_E020[\s\S]*@farm\/plugin-missing/);
  });

  it('checks the new version as validate does: code the analysis refuses is not updated to', async () => {
    publish(registry, 'x', '1.0.0');
    registry.publish(
      { name: '@farm/plugin-x', version: '1.1.0' },
      {
        ...pluginFiles('x', '1.1.0'),
        'routers/x.py':
          'import subprocess\nfrom fastapi import APIRouter\n\nx_router = APIRouter()\nsubprocess.run(["id"])\n',
      },
    );
    const tree = createFarmTree();
    installed(tree, registry, 'x', '1.0.0');
    await expect(updateGenerator(tree, {})).rejects.toThrow(
      /^FARM_E072 plugin "@farm\/plugin-x" \(libs\/plugins\/x\/routers\/x\.py:1:1\)/,
    );
  });

  it('writes nothing when the download does not match its integrity', async () => {
    publish(registry, 'x', '1.0.0');
    publish(registry, 'x', '1.1.0');
    registry.tamper('@farm/plugin-x', '1.1.0');
    const tree = createFarmTree();
    installed(tree, registry, 'x', '1.0.0');
    const before = treeFingerprint(tree);
    await expect(updateGenerator(tree, {})).rejects.toThrow(/integrity check failed/);
    expect(treeFingerprint(tree)).toBe(before);
  });

  it('explains plugins it cannot update', async () => {
    const tree = createFarmTree({ plugins: ['auth'] });
    await expect(updateGenerator(tree, { name: 'auth' })).rejects.toThrow(
      /@farm\/auth was installed from workspace \(libs\/plugins\/auth[\s\S]*fix: edit libs\/plugins\/auth/,
    );
    await expect(updateGenerator(tree, { name: 'nope' })).rejects.toThrow(
      /FARM_E020[\s\S]*"nope" is not an installed plugin/,
    );
    await updateGenerator(tree, {});
    expect(lines).toEqual(['no plugins installed from an npm registry: nothing to update']);
  });
});
