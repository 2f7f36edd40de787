import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { folderPlugin, removeFolderPlugins } from '../testing/folder-plugin';
import { packLocalPackage } from '../testing/local-npm-tarball';
import { createTempWorkspace, type TempWorkspace } from '../testing/temp-workspace';
import { markInstallPending, readPendingInstalls } from '../workspace-io/pending-installs';

// Issue 12, "valid means works" and "nothing outside", for the npm packages a plugin declares: the
// real nx, the real npm, local packages only (no registry).
jest.setTimeout(300_000);

const gitStatus = (ws: TempWorkspace) =>
  execFileSync('git', ['status', '--porcelain'], { cwd: ws.root, encoding: 'utf8' });

describe('a file: npm dependency outside the plugin', () => {
  let ws: TempWorkspace;
  let outside: string;
  beforeAll(() => {
    ws = createTempWorkspace({ gitInit: true });
    // A package whose install script would run with the developer's rights.
    outside = mkdtempSync(join(tmpdir(), 'farm-evil-package-'));
    writeFileSync(
      join(outside, 'package.json'),
      JSON.stringify({ name: 'evil', version: '1.0.0', scripts: { postinstall: 'touch ran' } }),
    );
  });
  afterAll(() => {
    ws?.dispose();
    rmSync(outside, { recursive: true, force: true });
    removeFolderPlugins();
  });

  it('is refused by add at its entry, and nothing is written or run', () => {
    const folder = folderPlugin('@farm/plugin-evil', {
      frontend: { dependencies: [{ name: 'evil', version: `file:${outside}` }] },
    });
    const added = ws.nx(['g', '@farm/plugins:add', folder]);
    expect(added.status).not.toBe(0);
    expect(added.output).toMatch(
      /FARM_E141 plugin "@farm\/plugin-evil" \(libs\/plugins\/evil\/plugin\.json \/frontend\/dependencies\/0\/version\):\s+npm dependency evil is the path "file:[^"]+", which leads to [^,]+, outside the plugin's folder libs\/plugins\/evil/,
    );
    expect(gitStatus(ws)).toBe('');
    expect(existsSync(join(outside, 'ran'))).toBe(false);
    expect(ws.json('package.json').dependencies?.evil).toBeUndefined();
    // validate says the same of the folder, at the same entry.
    const validated = ws.farm(['plugin', 'validate', folder]);
    expect(validated.status).not.toBe(0);
    expect(validated.output).toMatch(/FARM_E141 [^\n]*\/frontend\/dependencies\/0\/version/);
    expect(gitStatus(ws)).toBe('');
  });
});

describe('an npm install killed after the write', () => {
  let ws: TempWorkspace;
  beforeAll(() => {
    ws = createTempWorkspace({ gitInit: true, ownNodeModules: true });
  });
  afterAll(() => {
    ws?.dispose();
    removeFolderPlugins();
  });

  it('leaves a patched copy alone, and is repaired, from its record, by the next generator even with nothing to change', () => {
    // The plugin ships its package inside its folder (a file: spec the rule allows).
    const folder = folderPlugin('@farm/plugin-tiny', {});
    const tarball = packLocalPackage(join(folder, 'vendor'), 'tinypkg', '1.0.0');
    const manifest = JSON.parse(readFileSync(join(folder, 'plugin.json'), 'utf8'));
    manifest.frontend = {
      dependencies: [{ name: 'tinypkg', version: `file:libs/plugins/tiny/vendor/${basename(tarball)}` }],
    };
    writeFileSync(join(folder, 'plugin.json'), JSON.stringify(manifest));
    const first = ws.nx(['g', '@farm/plugins:add', folder]);
    expect(first.output).not.toMatch(/FARM_E\d+ error/);
    expect(first.status).toBe(0);
    const types = join(ws.root, 'node_modules/tinypkg/index.d.ts');
    expect(existsSync(types)).toBe(true);
    expect(readPendingInstalls(ws.root)).toBeUndefined();

    // A local patch of a healthy copy is the user's: the next add neither reinstalls nor deletes it.
    const patch = join(ws.root, 'node_modules/tinypkg/PATCHED.txt');
    writeFileSync(patch, 'mine');
    const patched = ws.nx(['g', '@farm/plugins:add', folder]);
    expect(patched.status).toBe(0);
    expect(patched.output).toMatch(/is already installed/);
    expect(existsSync(patch)).toBe(true);

    // What kill -9 during the install after a write leaves: its record (.farm/install-pending.json,
    // written before npm started), a file not extracted yet, and npm's hidden lockfile (written
    // last) from before the extraction.
    markInstallPending(ws.root, 'npm', { packages: ['tinypkg'] });
    rmSync(types);
    const before = new Date(Date.now() - 60_000);
    utimesSync(join(ws.root, 'node_modules/.package-lock.json'), before, before);

    // activate of a plugin already active changes nothing, and still finishes the install first.
    const again = ws.nx(['g', '@farm/plugins:activate', '@farm/plugin-tiny']);
    expect(again.status).toBe(0);
    expect(again.output).toContain("an earlier change's npm install did not finish");
    expect(existsSync(types)).toBe(true);
    expect(readPendingInstalls(ws.root)).toBeUndefined();

    // Whole again: the next add says so and installs nothing.
    const third = ws.nx(['g', '@farm/plugins:add', folder]);
    expect(third.output).toMatch(/is already installed/);
    expect(third.output).not.toContain('did not finish');
  });
});
