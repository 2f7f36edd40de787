import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { packLocalPackage } from '../../src/testing/local-npm-tarball';
import type { LoadedManifest } from '../../src/core/manifest';
import { markInstallPending, readPendingInstalls } from '../../src/workspace-io/pending-installs';
import { finishPendingInstalls } from './finish-pending-installs';
import { addNpmDependencies } from './npm-dependencies';

// Nx's own FsTree over a real folder, as `nx g` uses it.
const { FsTree, flushChanges } = require('nx/src/generators/tree');

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

  it("does nothing when package.json has it and npm's record vouches for the copy in node_modules", () => {
    mkdirSync(join(root, 'node_modules/nanoid'), { recursive: true });
    writeFileSync(join(root, 'node_modules/nanoid/package.json'), JSON.stringify({ name: 'nanoid', version: '5.1.0' }));
    // Without the hidden lockfile npm writes last, the copy may be one an interrupted install left.
    expect(typeof addNpmDependencies(new FsTree(root, false), [ids])).toBe('function');
    const record = join(root, 'node_modules/.package-lock.json');
    writeFileSync(
      record,
      JSON.stringify({ lockfileVersion: 3, packages: { 'node_modules/nanoid': { version: '5.1.0' } } }),
    );
    utimesSync(record, new Date(Date.now() + 1000), new Date(Date.now() + 1000));
    expect(addNpmDependencies(new FsTree(root, false), [ids])).toBeUndefined();
  });

  it('refuses a file: path outside the plugin (FARM_E141) before writing package.json', () => {
    const evil = {
      name: '@t/evil',
      loaded: {
        manifest: {
          name: '@t/evil',
          frontend: { dependencies: [{ name: 'evil', version: 'file:../../../../tmp/evil' }] },
        },
        file: 'libs/plugins/evil/plugin.json',
        root: 'libs/plugins/evil',
      } as unknown as LoadedManifest,
    };
    const tree = new FsTree(root, false);
    expect(() => addNpmDependencies(tree, [evil])).toThrow(
      expect.objectContaining({
        problems: [
          expect.objectContaining({
            code: 'FARM_E141',
            file: 'libs/plugins/evil/plugin.json',
            pointer: '/frontend/dependencies/0/version',
          }),
        ],
      }),
    );
    expect(tree.listChanges()).toEqual([]);
  });

  describe("a spec that names one source (a path, a URL, git) against package.json's", () => {
    const declaring = (version: string) => ({
      name: '@t/own',
      loaded: {
        manifest: { name: '@t/own', frontend: { dependencies: [{ name: 'nanoid', version }] } },
        file: 'libs/plugins/own/plugin.json',
        root: 'libs/plugins/own',
      } as unknown as LoadedManifest,
    });
    beforeEach(() => mkdirSync(join(root, 'libs/plugins/own/vendor'), { recursive: true }));

    it("is FARM_E102 when they differ: package.json keeps its own, the plugin's would never be installed", () => {
      const tree = new FsTree(root, false);
      expect(() => addNpmDependencies(tree, [declaring('file:libs/plugins/own/vendor/nanoid-9.0.0.tgz')])).toThrow(
        expect.objectContaining({
          problems: [
            expect.objectContaining({
              code: 'FARM_E102',
              pointer: '/frontend/dependencies/0/version',
              message: expect.stringContaining('nanoid@^5.0.0 (package.json)'),
            }),
          ],
        }),
      );
      expect(tree.listChanges()).toEqual([]);
    });

    it('agrees with the same source, however written', () => {
      writeFileSync(
        join(root, 'package.json'),
        JSON.stringify({ name: 'ws', dependencies: { nanoid: 'file:libs/plugins/own/vendor/nanoid-9.0.0.tgz' } }),
      );
      const tree = new FsTree(root, false);
      expect(() =>
        addNpmDependencies(tree, [declaring('file:./libs/plugins/own/vendor/nanoid-9.0.0.tgz')]),
      ).not.toThrow();
      expect(tree.listChanges()).toEqual([]);
    });

    it("leaves a tag against a range to the registry (npm's install answers it)", () => {
      expect(() => addNpmDependencies(new FsTree(root, false), [declaring('latest')])).not.toThrow();
    });
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

  it('leaves a patched copy alone; repairs a half-extracted one only when the record says the install was interrupted (real npm, a local tarball)', async () => {
    // The plugin ships its package as a tarball inside its folder, as a file: spec may.
    const tarball = packLocalPackage(join(root, 'libs/plugins/tiny/vendor'), 'tinypkg', '1.0.0');
    const spec = `file:libs/plugins/tiny/vendor/${basename(tarball)}`;
    const tiny = {
      name: '@t/tiny',
      loaded: {
        manifest: { name: '@t/tiny', frontend: { dependencies: [{ name: 'tinypkg', version: spec }] } },
        file: 'libs/plugins/tiny/plugin.json',
        root: 'libs/plugins/tiny',
      } as unknown as LoadedManifest,
    };
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'ws', private: true }));
    const first = new FsTree(root, false);
    const install = addNpmDependencies(first, [tiny])!;
    flushChanges(root, first.listChanges());
    await install();
    const types = join(root, 'node_modules/tinypkg/index.d.ts');
    expect(existsSync(types)).toBe(true);
    expect(readPendingInstalls(root)).toBeUndefined(); // finished: nothing owed
    // A local patch: the user's business, not an interrupted install.
    const patch = join(root, 'node_modules/tinypkg/PATCHED.txt');
    writeFileSync(patch, 'mine');
    expect(addNpmDependencies(new FsTree(root, false), [tiny])).toBeUndefined();
    await finishPendingInstalls(root);
    expect(existsSync(patch)).toBe(true);

    // kill -9 during extraction: the record of the owed install, a file not written yet, npm's
    // hidden lockfile (written last) from before.
    markInstallPending(root, 'npm', { packages: ['tinypkg'] });
    rmSync(types);
    const before = new Date(Date.now() - 60_000);
    utimesSync(join(root, 'node_modules/.package-lock.json'), before, before);
    await finishPendingInstalls(root);
    expect(existsSync(types)).toBe(true);
    expect(readPendingInstalls(root)).toBeUndefined();
    expect(addNpmDependencies(new FsTree(root, false), [tiny])).toBeUndefined();
  });
});
