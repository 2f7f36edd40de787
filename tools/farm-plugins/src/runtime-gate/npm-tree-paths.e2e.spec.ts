import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { folderPlugin, removeFolderPlugins } from '../testing/folder-plugin';
import { packLocalPackage } from '../testing/local-npm-tarball';
import { createTempWorkspace, type TempWorkspace } from '../testing/temp-workspace';

// Issue 12, "nothing outside", one level down: the plugin ships a tarball inside its folder (the
// declared spec passes FARM_E141), and the tarball's own package.json depends on a folder outside.
// Real nx, real npm, no registry.
jest.setTimeout(300_000);

describe('a package the plugin ships that depends on a folder outside the plugin', () => {
  let ws: TempWorkspace;
  let outside: string;
  beforeAll(() => {
    ws = createTempWorkspace({ gitInit: true, ownNodeModules: true, withApps: true });
    outside = mkdtempSync(join(tmpdir(), 'farm-evil-transitive-'));
    writeFileSync(
      join(outside, 'package.json'),
      JSON.stringify({ name: 'evil', version: '1.0.0', scripts: { postinstall: `touch ${join(outside, 'ran')}` } }),
    );
  });
  afterAll(() => {
    ws?.dispose();
    rmSync(outside, { recursive: true, force: true });
    removeFolderPlugins();
  });

  it('is refused by add at the declaring entry, naming it; nothing is written, its script never runs', () => {
    // The plugin already in the workspace (committed), as a plugin developed in place is: its
    // tarball is on disk for npm to stage.
    const made = folderPlugin('@farm/plugin-att', {});
    const folder = join(ws.root, 'libs/plugins/att');
    cpSync(made, folder, { recursive: true });
    const tarball = packLocalPackage(join(folder, 'vendor'), 'inner', '1.0.0', {
      'package.json': JSON.stringify({
        name: 'inner',
        version: '1.0.0',
        main: 'index.js',
        dependencies: { evil: `file:${outside}` },
      }),
      'index.js': 'module.exports = {};\n',
    });
    const manifest = JSON.parse(readFileSync(join(folder, 'plugin.json'), 'utf8'));
    manifest.frontend = {
      dependencies: [{ name: 'inner', version: `file:libs/plugins/att/vendor/${basename(tarball)}` }],
    };
    writeFileSync(join(folder, 'plugin.json'), JSON.stringify(manifest));
    const git = (args: string[]) => execFileSync('git', args, { cwd: ws.root, encoding: 'utf8' });
    git(['add', 'libs/plugins/att']);
    git(['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'the plugin']);

    // validate says it of the folder, at the declaring entry.
    const validated = ws.farm(['plugin', 'validate', 'libs/plugins/att']);
    expect(validated.output).toMatch(
      /FARM_E141 [^\n]*\/frontend\/dependencies\/0\/version\):\s+npm dependency inner [^\n]* brings evil/,
    );
    expect(validated.status).not.toBe(0);

    const added = ws.nx(['g', '@farm/plugins:add', '@farm/plugin-att']);
    expect(added.output).toMatch(
      /FARM_E141 plugin "@farm\/plugin-att" \(libs\/plugins\/att\/plugin\.json \/frontend\/dependencies\/0\/version\):\s+npm dependency inner \("file:libs\/plugins\/att\/vendor\/inner-1\.0\.0\.tgz"\) brings evil \(\/[^)]*farm-evil-transitive-[^)]*\) from a local path outside the plugin's folder/,
    );
    expect(added.status).not.toBe(0);
    // Python's bytecode caches of the app the backend gate imported are not the change's writes.
    const changed = git(['status', '--porcelain'])
      .split('\n')
      .filter((l) => l && !l.includes('__pycache__/'));
    expect(changed).toEqual([]);
    expect(existsSync(join(outside, 'ran'))).toBe(false);
    expect(existsSync(join(ws.root, 'node_modules/evil'))).toBe(false);
  });
});
