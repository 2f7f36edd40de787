import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadedManifest } from '../core/manifest';
import { npmPathSpecProblems, npmSpecPath, pluginInstallRoot, pluginPathNow } from './npm-path-specs';

/** A plugin at libs/plugins/ids declaring `frontend.dependencies` (what npmPathSpecProblems reads of it). */
function plugin(dependencies: { name: string; version?: string }[]): LoadedManifest {
  return {
    manifest: { name: '@t/ids', frontend: { dependencies } },
    file: 'libs/plugins/ids/plugin.json',
    root: 'libs/plugins/ids',
  } as unknown as LoadedManifest;
}

describe('npm specs that are paths', () => {
  let root: string;
  let outside: string;
  beforeEach(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'farm-npm-path-ws-')));
    outside = realpathSync(mkdtempSync(join(tmpdir(), 'farm-npm-path-evil-')));
    mkdirSync(join(root, 'libs/plugins/ids/vendor/x'), { recursive: true });
    writeFileSync(join(root, 'libs/plugins/ids/vendor/x-1.0.0.tgz'), '');
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it.each([
    ['^1.0.0', undefined],
    ['latest', undefined],
    ['npm:other@^1', undefined],
    ['https://example.org/x.tgz', undefined],
    ['github:user/repo', undefined],
    ['file:libs/plugins/ids/vendor/x-1.0.0.tgz', 'libs/plugins/ids/vendor/x-1.0.0.tgz'],
    ['./libs/plugins/ids/vendor/x', 'libs/plugins/ids/vendor/x'],
    ['link:../y', '../y'],
    ['git+file:///srv/repo.git', '/srv/repo.git'],
  ])('%s is read as the path %s', (spec, path) => {
    const expected = path === undefined ? undefined : path.startsWith('/') ? path : join(root, path);
    expect(npmSpecPath(root, 'x', spec)).toBe(expected);
  });

  it('allows a tarball or folder inside the plugin, and a registry range', () => {
    const problems = npmPathSpecProblems(
      plugin([
        { name: 'x', version: 'file:libs/plugins/ids/vendor/x-1.0.0.tgz' },
        { name: 'y', version: 'file:./libs/plugins/ids/vendor/x' },
        { name: 'z', version: '^2.0.0' },
        { name: 'w' },
      ]),
      root,
    );
    expect(problems).toEqual([]);
  });

  it('refuses, located at each entry, a relative path, an absolute one, git+file:, link:, and the plugin folder itself', () => {
    const problems = npmPathSpecProblems(
      plugin([
        { name: 'a', version: 'file:../../../../tmp/evil' },
        { name: 'b', version: outside },
        { name: 'c', version: `git+file://${outside}` },
        { name: 'd', version: 'link:../elsewhere' },
        { name: 'e', version: 'file:libs/plugins' },
        { name: 'f', version: 'file:libs/plugins/ids' },
      ]),
      root,
    );
    expect(problems.map((p) => [p.code, p.pointer, p.file, p.plugin])).toEqual(
      ['0', '1', '2', '3', '4', '5'].map((i) => [
        'FARM_E141',
        `/frontend/dependencies/${i}/version`,
        'libs/plugins/ids/plugin.json',
        '@t/ids',
      ]),
    );
    expect(problems[1]!.message).toContain(`leads to ${outside}, outside the plugin's folder libs/plugins/ids`);
    expect(problems[0]!.fix).toMatch(/^publish a to a registry/);
  });

  it('refuses a path inside the plugin that is a link to outside (realpath)', () => {
    symlinkSync(outside, join(root, 'libs/plugins/ids/vendor/escape'));
    const problems = npmPathSpecProblems(plugin([{ name: 'x', version: 'file:libs/plugins/ids/vendor/escape' }]), root);
    expect(problems.map((p) => p.code)).toEqual(['FARM_E141']);
    expect(problems[0]!.message).toContain(`leads to ${outside}`);
  });

  it('refuses a path through a linked folder whose target does not exist yet, by its real parent', () => {
    symlinkSync(outside, join(root, 'libs/plugins/ids/vendor/escape'));
    const problems = npmPathSpecProblems(
      plugin([{ name: 'x', version: 'file:libs/plugins/ids/vendor/escape/later.tgz' }]),
      root,
    );
    expect(problems[0]?.message).toContain(`leads to ${join(outside, 'later.tgz')}`);
  });

  describe('a plugin judged outside the workspace, before it is installed', () => {
    /** The plugin @t/weather read from `<outside>/weather` (as `farm plugin validate <folder>` loads it). */
    const away = (version: string) =>
      ({
        manifest: { name: '@t/weather', frontend: { dependencies: [{ name: 'x', version }] } },
        file: '../away/weather/plugin.json',
        root: '../away/weather',
      }) as unknown as LoadedManifest;
    let source: string;
    beforeEach(() => {
      source = join(root, '../away/weather');
      mkdirSync(join(source, 'vendor'), { recursive: true });
      writeFileSync(join(source, 'vendor/x-1.0.0.tgz'), '');
    });
    afterEach(() => rmSync(join(root, '../away'), { recursive: true, force: true }));

    it('is installed at libs/plugins/<project name>; a plugin under libs/plugins keeps its folder', () => {
      expect(pluginInstallRoot(away('^1'))).toBe('libs/plugins/weather');
      expect(pluginInstallRoot(plugin([]))).toBe('libs/plugins/ids');
    });

    it('reads its documented spec (file:libs/plugins/<name>/…) from its source folder until then', () => {
      const path = npmSpecPath(root, 'x', 'file:libs/plugins/weather/vendor/x-1.0.0.tgz')!;
      expect(pluginPathNow(root, away('^1'), path)).toBe(join(source, 'vendor/x-1.0.0.tgz'));
      expect(pluginPathNow(root, away('^1'), path, '/elsewhere')).toBe('/elsewhere/vendor/x-1.0.0.tgz');
      expect(pluginPathNow(root, away('^1'), join(root, 'package.json'))).toBe(join(root, 'package.json'));
      expect(npmPathSpecProblems(away('file:libs/plugins/weather/vendor/x-1.0.0.tgz'), root)).toEqual([]);
    });

    it('refuses a spec written for where the folder is now: package.json would keep a path out of the workspace', () => {
      const [found] = npmPathSpecProblems(away('file:../away/weather/vendor/x-1.0.0.tgz'), root);
      expect(found?.code).toBe('FARM_E141');
      expect(found?.message).toMatch(/outside the plugin's folder libs\/plugins\/weather \(where it is installed/);
      expect(found?.fix).toMatch(/file:libs\/plugins\/weather\/vendor\/<file>\.tgz/);
    });

    it("refuses a spec into another plugin's installed folder", () => {
      const [found] = npmPathSpecProblems(away('file:libs/plugins/ids/vendor/x-1.0.0.tgz'), root);
      expect(found?.code).toBe('FARM_E141');
    });
  });

  it.each(['file:./vendor/x-1.0.0.tgz', 'file:vendor/x-1.0.0.tgz', './vendor/x-1.0.0.tgz'])(
    'refuses %s (written from the plugin folder) with the workspace-relative spec it meant',
    (spec) => {
      const [found] = npmPathSpecProblems(plugin([{ name: 'x', version: spec }]), root);
      expect(found?.code).toBe('FARM_E141');
      expect(found?.message).toMatch(
        /read from the workspace root as package.json reads it \(not from the plugin's folder\)/,
      );
      expect(found?.fix).toBe(
        'write "file:libs/plugins/ids/vendor/x-1.0.0.tgz" at /frontend/dependencies/0/version: the path from the workspace root to the file in the plugin\'s installed folder',
      );
    },
  );

  it('gives no such fix for a relative path that leaves the plugin folder either way', () => {
    const [found] = npmPathSpecProblems(plugin([{ name: 'x', version: 'file:../../evil' }]), root);
    expect(found?.fix).toMatch(/^publish x to a registry/);
  });
});
