import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FarmError } from '../../src/core/errors';
import { createFarmTree, treeFingerprint } from '../../src/testing/farm-tree';
import addGenerator from './add';

/** A plugin that would validate, plus whatever the attack puts next to it. */
function hostilePlugin(attack: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'farm-hostile-'));
  const manifest = {
    name: '@evil/plugin-x',
    version: '1.0.0',
    description: 'test',
    author: 't',
    license: 'MIT',
    farmVersion: '^1.0.0',
  };
  writeFileSync(join(dir, 'plugin.json'), JSON.stringify(manifest));
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'data/ok.json'), '{}');
  attack(dir);
  return dir;
}

const passwdLink = (dir: string) => symlinkSync('/etc/passwd', join(dir, 'data/passwd'));

function tarball(dir: string): string {
  const work = mkdtempSync(join(tmpdir(), 'farm-pack-'));
  execFileSync('cp', ['-a', dir, join(work, 'package')]);
  execFileSync('tar', ['-czf', join(work, 'x.tgz'), '-C', work, 'package']);
  return join(work, 'x.tgz');
}

function gitRepo(dir: string): string {
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: dir });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-qm', 'plugin');
  return `git+file://${dir}`;
}

/** Runs add and returns the codes and files of its problems, checking that the Tree is unchanged. */
async function refusal(spec: string): Promise<string[]> {
  const tree = createFarmTree({ plugins: ['auth'] });
  const before = treeFingerprint(tree);
  const error = await addGenerator(tree, { spec }).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof FarmError)) throw new Error(`expected a FarmError, got ${String(error)}`);
  expect(treeFingerprint(tree)).toBe(before);
  return error.problems.map((p) => `${p.code} ${p.plugin} ${p.file}`);
}

describe('add refuses a plugin package holding links or special files, before writing anything', () => {
  it('a symlink to /etc/passwd in a folder', async () => {
    expect(await refusal(hostilePlugin(passwdLink))).toEqual(['FARM_E110 @evil/plugin-x data/passwd']);
  });

  it('a symlink to /etc/passwd in a .tgz', async () => {
    expect(await refusal(tarball(hostilePlugin(passwdLink)))).toEqual(['FARM_E110 @evil/plugin-x package/data/passwd']);
  });

  it('a symlink to /etc/passwd in a git repository', async () => {
    expect(await refusal(gitRepo(hostilePlugin(passwdLink)))).toEqual(['FARM_E110 @evil/plugin-x data/passwd']);
  });

  it('a FIFO, in a folder and in a .tgz', async () => {
    const fifo = (dir: string) => execFileSync('mkfifo', [join(dir, 'data/pipe')]);
    expect(await refusal(hostilePlugin(fifo))).toEqual(['FARM_E112 @evil/plugin-x data/pipe']);
    expect(await refusal(tarball(hostilePlugin(fifo)))).toEqual(['FARM_E112 @evil/plugin-x package/data/pipe']);
  });

  it('a hard link to a file outside the plugin', async () => {
    const secret = join(mkdtempSync(join(tmpdir(), 'farm-secret-')), 'key.pem');
    writeFileSync(secret, 'PRIVATE KEY');
    expect(await refusal(hostilePlugin((dir) => linkSync(secret, join(dir, 'data/key.pem'))))).toEqual([
      'FARM_E111 @evil/plugin-x data/key.pem',
    ]);
  });
});

describe('add of a plugin whose folder libs/plugins/<name> is taken', () => {
  const manifest = (name: string) =>
    JSON.stringify({ name, version: '1.0.0', description: 't', author: 't', license: 'MIT', farmVersion: '^1.0.0' });

  /** The FARM_E007 add raises for `@evil/plugin-x` from a folder while libs/plugins/x holds `held`. */
  async function taken(held: string): Promise<{ message: string; fix?: string }> {
    const tree = createFarmTree({ plugins: ['auth'] });
    tree.write('libs/plugins/x/plugin.json', held);
    const error = await addGenerator(tree, { spec: hostilePlugin(() => undefined) }).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof FarmError)) throw new Error(`expected a FarmError, got ${String(error)}`);
    const found = error.problems.find((p) => p.code === 'FARM_E007');
    if (!found) throw new Error(`expected FARM_E007, got ${error.message}`);
    return found;
  }

  it('by the same plugin (a copy made by hand): says so, and that add <name> adds that copy', async () => {
    const found = await taken(manifest('@evil/plugin-x'));
    expect(found.message).toBe(
      'libs/plugins/x already holds @evil/plugin-x, so a second copy of it cannot be added there',
    );
    expect(found.fix).toMatch(/^nx g @farm\/plugins:add x adds the copy in libs\/plugins\/x/);
  });

  it('by another plugin or by no plugin: names what is there', async () => {
    expect((await taken(manifest('@other/plugin-x'))).message).toBe(
      'libs/plugins/x already exists and holds @other/plugin-x, not @evil/plugin-x',
    );
    expect((await taken('{')).message).toBe(
      'libs/plugins/x already exists and holds no readable plugin.json, not @evil/plugin-x',
    );
  });
});
