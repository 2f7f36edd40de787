import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FarmError, type FarmProblem } from '../core/errors';
import { pluginFolderProblems, readPluginFolder, unpackPluginTarball } from './index';

/** A plugin folder with a plugin.json and the given files. */
function folder(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'farm-files-'));
  for (const [path, text] of Object.entries({ 'plugin.json': '{ "name": "@evil/x" }', ...files })) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** `package/` + the plugin, packed by the system tar as a user would. */
function tarballOf(dir: string, extra: string[] = []): string {
  const work = mkdtempSync(join(tmpdir(), 'farm-pack-'));
  execFileSync('cp', ['-a', dir, join(work, 'package')]);
  const file = join(work, 'x.tgz');
  execFileSync('tar', ['-czPf', file, '-C', work, 'package', ...extra]);
  return file;
}

function problemsOf(run: () => unknown): Pick<FarmProblem, 'code' | 'plugin' | 'file'>[] {
  try {
    run();
  } catch (error) {
    if (error instanceof FarmError) return error.problems.map(({ code, plugin, file }) => ({ code, plugin, file }));
    throw error;
  }
  throw new Error('expected a FarmError');
}

describe('readPluginFolder', () => {
  it('reads every file, sorted, build products left out', () => {
    const dir = folder({ 'b.ts': 'b', 'a/c.py': 'c', 'node_modules/x/index.js': 'x', 'dist/y.js': 'y' });
    expect(readPluginFolder(dir, dir).map((f) => `${f.path}=${f.bytes}`)).toEqual([
      'a/c.py=c',
      'b.ts=b',
      'plugin.json={ "name": "@evil/x" }',
    ]);
  });

  it('refuses every link and special file in one error, naming each entry, before reading any', () => {
    const dir = folder({ 'ok.ts': 'ok' });
    symlinkSync('/etc/passwd', join(dir, 'passwd'));
    mkdirSync(join(dir, 'data'));
    symlinkSync('../ok.ts', join(dir, 'data/inside.ts')); // to a file of the plugin: refused too
    symlinkSync('/etc', join(dir, 'etc'));
    execFileSync('mkfifo', [join(dir, 'data/pipe')]);
    const outside = join(mkdtempSync(join(tmpdir(), 'farm-outside-')), 'secret.txt');
    writeFileSync(outside, 'secret');
    linkSync(outside, join(dir, 'data/secret.txt'));
    const error = (() => {
      try {
        readPluginFolder(dir, dir);
      } catch (e) {
        return e as FarmError;
      }
      throw new Error('expected a FarmError');
    })();
    expect(error.problems.map((p) => `${p.code} ${p.plugin} ${p.file}`)).toEqual([
      'FARM_E110 @evil/x data/inside.ts',
      'FARM_E112 @evil/x data/pipe',
      'FARM_E111 @evil/x data/secret.txt',
      'FARM_E110 @evil/x etc',
      'FARM_E110 @evil/x passwd',
    ]);
    expect(error.message).toContain(`"passwd" in ${dir} is a symbolic link to /etc/passwd`);
    expect(error.message).toContain('"data/secret.txt" in');
    expect(error.message).toContain('2 names for one file, 1 of them outside the plugin');
  });

  it('takes a file hard-linked only within the plugin', () => {
    const dir = folder({ 'a.txt': 'same' });
    linkSync(join(dir, 'a.txt'), join(dir, 'b.txt'));
    expect(readPluginFolder(dir, dir).map((f) => f.path)).toEqual(['a.txt', 'b.txt', 'plugin.json']);
  });

  it('gives validate the same verdict on a workspace plugin folder, located in the workspace', () => {
    const dir = folder();
    symlinkSync('/etc/passwd', join(dir, 'passwd'));
    expect(
      pluginFolderProblems(dir, {
        plugin: '@evil/x',
        origin: 'libs/plugins/x',
        fileOf: (p) => `libs/plugins/x/${p}`,
      }).map((p) => `${p.code} ${p.file}`),
    ).toEqual(['FARM_E110 libs/plugins/x/passwd']);
  });
});

describe('unpackPluginTarball', () => {
  const into = () => mkdtempSync(join(tmpdir(), 'farm-into-'));

  it('extracts files and folders with node-tar and returns package/', () => {
    const out = into();
    const dir = unpackPluginTarball(tarballOf(folder({ 'a/b.ts': 'b' })), out, 'x.tgz');
    expect(dir).toBe(join(out, 'package'));
    expect(readPluginFolder(dir, 'x.tgz').map((f) => f.path)).toEqual(['a/b.ts', 'plugin.json']);
  });

  it('refuses a symlink, a FIFO and a hard link entry, and extracts none of them', () => {
    const dir = folder({ 'a.txt': 'a' });
    symlinkSync('/etc/passwd', join(dir, 'passwd'));
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    linkSync(join(dir, 'a.txt'), join(dir, 'b.txt'));
    const out = into();
    const problems = problemsOf(() => unpackPluginTarball(tarballOf(dir), out, 'x.tgz'));
    // The system tar stores the second name it meets of a file as a hard-link entry.
    const linked = problems[0]!.file === 'package/a.txt' ? 'a.txt' : 'b.txt';
    expect(problems).toEqual([
      { code: 'FARM_E111', plugin: '@evil/x', file: `package/${linked}` },
      { code: 'FARM_E110', plugin: '@evil/x', file: 'package/passwd' },
      { code: 'FARM_E112', plugin: '@evil/x', file: 'package/pipe' },
    ]);
    expect(readdirSync(join(out, 'package')).sort()).toEqual([linked === 'a.txt' ? 'b.txt' : 'a.txt', 'plugin.json']);
  });

  it('refuses entries with an absolute path or .., writing nothing outside', () => {
    const work = mkdtempSync(join(tmpdir(), 'farm-escape-'));
    const dir = folder();
    writeFileSync(join(work, 'evil.txt'), 'evil');
    const out = join(work, 'out');
    mkdirSync(out);
    // -P keeps the names as given: package/../../evil.txt and /abs/evil.txt.
    const file = tarballOf(dir, [`package/../../${work.split('/').pop()}/evil.txt`, join(work, 'evil.txt')]);
    rmSync(join(work, 'evil.txt'));
    const codes = problemsOf(() => unpackPluginTarball(file, out, 'x.tgz')).map((p) => p.code);
    expect(codes).toEqual(['FARM_E113', 'FARM_E113']);
    expect([readdirSync(work).sort(), readdirSync(out)]).toEqual([['out'], ['package']]);
  });

  it('calls a file that is no tarball FARM_E095', () => {
    const file = join(folder(), 'plugin.json');
    expect(problemsOf(() => unpackPluginTarball(file, into(), file)).map((p) => p.code)).toEqual(['FARM_E095']);
  });
});
