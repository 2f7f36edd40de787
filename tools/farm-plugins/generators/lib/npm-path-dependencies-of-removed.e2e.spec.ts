import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { folderPlugin, removeFolderPlugins } from '../../src/testing/folder-plugin';
import { createTempWorkspace, type TempWorkspace } from '../../src/testing/temp-workspace';

// Issue 12: uninstalling a plugin left `"lk": "file:libs/plugins/linky/vendor/lk"` in package.json
// and a dangling node_modules/lk link; `npm ls` failed (ELSPROBLEMS). Real nx, real npm, no registry.
jest.setTimeout(300_000);

describe('uninstalling a plugin that declares an npm package inside its folder', () => {
  let ws: TempWorkspace;
  beforeAll(() => {
    ws = createTempWorkspace({ gitInit: true, ownNodeModules: true });
  });
  afterAll(() => {
    ws?.dispose();
    removeFolderPlugins();
  });

  it('takes the entry out of package.json and npm prunes the package: npm ls exits 0', () => {
    const folder = folderPlugin('@farm/plugin-linky', {
      frontend: { dependencies: [{ name: 'farm-lk', version: 'file:libs/plugins/linky/vendor/lk' }] },
    });
    mkdirSync(join(folder, 'vendor/lk'), { recursive: true });
    writeFileSync(join(folder, 'vendor/lk/package.json'), JSON.stringify({ name: 'farm-lk', version: '1.0.0' }));
    const added = ws.nx(['g', '@farm/plugins:add', folder]);
    expect(added.output).not.toMatch(/FARM_E\d+ error/);
    expect(added.status).toBe(0);
    expect(ws.json('package.json').dependencies?.['farm-lk']).toBe('file:libs/plugins/linky/vendor/lk');
    expect(lstatSync(join(ws.root, 'node_modules/farm-lk')).isSymbolicLink()).toBe(true);

    const removed = ws.farm(['plugin', 'uninstall', '@farm/plugin-linky']);
    expect(removed.status).toBe(0);
    expect(ws.json('package.json').dependencies?.['farm-lk']).toBeUndefined();
    expect(existsSync(join(ws.root, 'libs/plugins/linky'))).toBe(false);
    expect(lstatSync(join(ws.root, 'node_modules/farm-lk'), { throwIfNoEntry: false })).toBeUndefined();
    const lock = readFileSync(join(ws.root, 'package-lock.json'), 'utf8');
    expect(lock).not.toContain('farm-lk');
    const ls = spawnSync('npm', ['ls', '--no-update-notifier'], { cwd: ws.root, encoding: 'utf8' });
    expect([ls.status, ls.stderr]).toEqual([0, '']);
    // A fresh install from package.json alone works too (no path to a deleted folder).
    execFileSync('npm', ['install', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: ws.root });
  });
});
