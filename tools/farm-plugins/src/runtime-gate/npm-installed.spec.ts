import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isolatedNpmEnv } from '../testing/gate-npm-packages';
import { packLocalPackage } from '../testing/local-npm-tarball';
import { installedAsDeclared, readNpmRecord, unvouchedCopies } from './npm-installed';

// The real npm (from PATH) installs a local tarball and a local folder: no registry is involved.
jest.setTimeout(60_000);

describe("installed, as npm's hidden lockfile records it", () => {
  let root: string;
  let home: string;
  let env: NodeJS.ProcessEnv;
  const tarball = 'file:vendor/tinypkg-1.0.0.tgz';
  const npmInstall = () =>
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: root, env, stdio: 'pipe' });
  const installed = (name: string, spec: string) => installedAsDeclared(root, name, spec, readNpmRecord(root));
  const folder = () => join(root, 'node_modules/tinypkg');
  /** What `kill -9` during npm's extraction leaves: a file not yet written, the hidden lockfile from before. */
  const interrupt = () => {
    rmSync(join(folder(), 'index.d.ts'));
    const before = new Date(statSync(folder()).mtimeMs - 60_000);
    utimesSync(join(root, 'node_modules/.package-lock.json'), before, before);
  };

  beforeEach(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'farm-npm-installed-')));
    home = mkdtempSync(join(tmpdir(), 'farm-npm-installed-home-'));
    env = isolatedNpmEnv(process.env, home);
    packLocalPackage(join(root, 'vendor'), 'tinypkg', '1.0.0');
    mkdirSync(join(root, 'local/linked'), { recursive: true });
    writeFileSync(join(root, 'local/linked/package.json'), JSON.stringify({ name: 'linked', version: '0.1.0' }));
    writeFileSync(
      join(root, 'package.json'),
      JSON.stringify({ name: 'ws', private: true, dependencies: { tinypkg: tarball, linked: 'file:local/linked' } }),
    );
    npmInstall();
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  it('is a copy npm finished installing that npm keeps for the spec', () => {
    expect(installed('tinypkg', tarball)).toBe(true);
    expect(installed('tinypkg', '^1.0.0')).toBe(true);
    expect(installed('tinypkg', '1.0.0')).toBe(true);
    expect(installed('tinypkg', '^2.0.0')).toBe(false);
    expect(installed('tinypkg', 'file:vendor/other-1.0.0.tgz')).toBe(false);
    // A registry tag: the copy came from a file, not a registry (arborist's dep-valid).
    expect(installed('tinypkg', 'latest')).toBe(false);
    expect(installed('linked', 'file:local/linked')).toBe(true);
    expect(installed('linked', 'file:local/other')).toBe(false);
    expect(installed('absent', '*')).toBe(false);
    expect(unvouchedCopies(root, ['tinypkg', 'linked', 'absent'], readNpmRecord(root))).toEqual([]);
  });

  it('is a copy the user patched (a file added, the folder newer than the record): left as it is', () => {
    writeFileSync(join(folder(), 'PATCHED.txt'), 'mine');
    const later = new Date(Date.now() + 60_000);
    utimesSync(folder(), later, later);
    expect(installed('tinypkg', tarball)).toBe(true);
    expect(installed('tinypkg', '^1.0.0')).toBe(true);
  });

  it('is, without a record of an interrupted install, a half-extracted copy too; unvouchedCopies (read only after one) finds it, which npm install keeps; removed, npm extracts it again', () => {
    interrupt();
    // Whether an install was interrupted is recorded (.farm/install-pending.json), not guessed here.
    expect(installed('tinypkg', tarball)).toBe(true);
    expect(unvouchedCopies(root, ['tinypkg', 'linked'], readNpmRecord(root))).toEqual([folder()]);
    // npm's own judgement (why the folder is removed first): it reads package.json and keeps the copy.
    npmInstall();
    expect(existsSync(join(folder(), 'index.d.ts'))).toBe(false);
    rmSync(folder(), { recursive: true });
    npmInstall();
    expect(existsSync(join(folder(), 'index.d.ts'))).toBe(true);
    expect(unvouchedCopies(root, ['tinypkg', 'linked'], readNpmRecord(root))).toEqual([]);
  });

  it("takes along the other package folders the interrupted install extracted (newer than npm's record)", () => {
    packLocalPackage(join(root, 'vendor'), 'otherpkg', '2.0.0');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    pkg.dependencies.otherpkg = 'file:vendor/otherpkg-2.0.0.tgz';
    writeFileSync(join(root, 'package.json'), JSON.stringify(pkg));
    npmInstall();
    const other = join(root, 'node_modules/otherpkg');
    rmSync(join(other, 'index.d.ts'));
    interrupt();
    // Older than the record: another install's, left alone.
    expect(unvouchedCopies(root, ['linked'], readNpmRecord(root))).toEqual([]);
    expect(unvouchedCopies(root, ['tinypkg'], readNpmRecord(root))).toEqual([other, folder()]);
    for (const copy of unvouchedCopies(root, ['tinypkg'], readNpmRecord(root))) rmSync(copy, { recursive: true });
    npmInstall();
    expect(existsSync(join(other, 'index.d.ts'))).toBe(true);
    expect(existsSync(join(folder(), 'index.d.ts'))).toBe(true);
  });

  it('is nothing without the hidden lockfile (a first install killed before npm wrote it)', () => {
    rmSync(join(root, 'node_modules/.package-lock.json'));
    expect(readNpmRecord(root)).toBeUndefined();
    expect(installed('tinypkg', tarball)).toBe(false);
    expect(unvouchedCopies(root, ['tinypkg'], undefined)).toEqual([folder()]);
  });

  it('is not a folder whose package.json says another version than the record', () => {
    writeFileSync(join(folder(), 'package.json'), JSON.stringify({ name: 'tinypkg', version: '1.0.1' }));
    const now = new Date(Date.now() + 60_000);
    utimesSync(join(root, 'node_modules/.package-lock.json'), now, now);
    expect(installed('tinypkg', '^1.0.0')).toBe(false);
  });
});
