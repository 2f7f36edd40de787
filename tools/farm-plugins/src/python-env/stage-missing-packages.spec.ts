import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pythonExecutable } from '../workspace-io/runtimes';
import { installedDistributions } from './installed-distributions';
import { missingPins, stageMissingPackages } from './stage-missing-packages';

const freeze = (python: string) =>
  new Set(
    execFileSync('uv', ['pip', 'freeze', '--python', python], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
      .split('\n')
      .filter((line) => line.includes('=='))
      .map((line) => {
        const [name, version] = line.split('==');
        return `${name!.toLowerCase().replace(/[-_.]+/g, '-')}==${version!.toLowerCase()}`;
      }),
  );

/** A venv whose site-packages holds `dists` (dist-info folder name → METADATA Name/Version), and the real Python. */
function fakeVenv(dists: Record<string, [string, string]>): string {
  const venv = mkdtempSync(join(tmpdir(), 'farm-venv-'));
  mkdirSync(join(venv, 'bin'));
  symlinkSync(realpathSync(pythonExecutable), join(venv, 'bin/python'));
  writeFileSync(join(venv, 'pyvenv.cfg'), readFileSync(join(pythonExecutable, '../../pyvenv.cfg')));
  const lib = readdirSync(join(pythonExecutable, '../../lib'))[0]!; // python3.11: the backend's
  const site = join(venv, 'lib', lib, 'site-packages');
  for (const [folder, [name, version]] of Object.entries(dists)) {
    mkdirSync(join(site, folder), { recursive: true });
    writeFileSync(join(site, folder, 'METADATA'), `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n`);
    writeFileSync(join(site, folder, 'RECORD'), '');
  }
  return join(venv, 'bin/python');
}

// uv's own listing is the judge of what the dist-info folders say (names and versions as pip and
// uv write them, older pip's un-normalized ones too).
describe('installed distributions without uv pip freeze', () => {
  const made: string[] = [];
  afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it("lists the backend venv's packages as uv pip freeze does", () => {
    expect(installedDistributions(pythonExecutable)).toEqual(freeze(pythonExecutable));
  });

  it('reads names the way uv does, whatever case and separators the folder uses', () => {
    const python = fakeVenv({
      'PyYAML-6.0.1.dist-info': ['PyYAML', '6.0.1'],
      'zope.interface-6.4.post2.dist-info': ['zope.interface', '6.4.post2'],
      'typing_extensions-4.16.0.dist-info': ['typing_extensions', '4.16.0'],
      'Flask_Cors-4.0.0RC1.dist-info': ['Flask-Cors', '4.0.0rc1'],
    });
    made.push(join(python, '../..'));
    expect(installedDistributions(python)).toEqual(freeze(python));
  });

  it('leaves out what it cannot read (an egg-info, a folder without a version): those are staged again', () => {
    const python = fakeVenv({ 'legacy-1.0-py3.11.egg-info': ['legacy', '1.0'], 'odd.dist-info': ['odd', '1'] });
    made.push(join(python, '../..'));
    expect(installedDistributions(python)).toEqual(new Set());
    expect(missingPins('legacy==1.0\nodd==1\n', python, tmpdir())).toEqual(['legacy==1.0', 'odd==1']);
  });

  it('is undefined for a Python outside a venv (the caller asks uv)', () => {
    expect(installedDistributions(realpathSync(pythonExecutable))).toBeUndefined();
    expect(missingPins('fastapi==0.0.1\n', realpathSync(pythonExecutable), tmpdir())).toEqual(['fastapi==0.0.1']);
  });

  it('finds a pin missing at its version, not only by name; comments and option lines are not pins', () => {
    const [fastapi] = [...freeze(pythonExecutable)].filter((pin) => pin.startsWith('fastapi=='));
    const lock = `# inputs: sha256-x\n${fastapi}\nFastAPI==0.0.1\n--index-url https://example.invalid\npython-slugify==9.1.3 ; python_version >= "3.8"\n`;
    expect(missingPins(lock, pythonExecutable, tmpdir())).toEqual([
      'FastAPI==0.0.1',
      'python-slugify==9.1.3 ; python_version >= "3.8"',
    ]);
  });
});

describe('staging missing packages beside the venv', () => {
  jest.setTimeout(120_000);
  const cache = mkdtempSync(join(tmpdir(), 'farm-gate-site-'));
  afterAll(() => rmSync(cache, { recursive: true, force: true }));
  const lock = `${[...freeze(pythonExecutable)].join('\n')}\npython-slugify==9.1.3\ntext-unidecode==1.3\n`;

  it('stages nothing when the venv has every pin', () => {
    expect(stageMissingPackages([...freeze(pythonExecutable)].join('\n'), pythonExecutable, cache, cache)).toBe(
      undefined,
    );
  });

  it('installs the missing pins once into the cache, importable from there, and reuses the set', () => {
    const site = stageMissingPackages(lock, pythonExecutable, cache, cache)!;
    expect(site.startsWith(cache)).toBe(true);
    const imported = spawnSync(pythonExecutable, ['-c', 'import slugify; print(slugify.slugify("Hé There"))'], {
      env: { ...process.env, PYTHONPATH: site },
      encoding: 'utf8',
    });
    expect(imported.stdout.trim()).toBe('he-there');
    const stamp = statSync(join(site, 'slugify')).ino;
    // The same missing set again: the same folder, not installed anew.
    expect(stageMissingPackages(lock, pythonExecutable, cache, cache)).toBe(site);
    expect(statSync(join(site, 'slugify')).ino).toBe(stamp);
    // No scratch folder or requirements file is left beside it.
    expect(readdirSync(cache)).toEqual([site.slice(cache.length + 1)]);
    // Another set is another folder.
    const other = stageMissingPackages(`${lock}six==1.17.0\n`, pythonExecutable, cache, cache)!;
    expect(other).not.toBe(site);
    expect(existsSync(join(other, 'six.py'))).toBe(true);
  });

  it("refuses, with FARM_E101 and uv's words, a pin uv cannot install", () => {
    expect(() =>
      stageMissingPackages('farm-gate-no-such-package-anywhere==1.0.0\n', pythonExecutable, cache, cache),
    ).toThrow(/FARM_E101[\s\S]*cannot stage the packages this change needs/);
    expect(readdirSync(cache).filter((name) => name.includes('.tmp'))).toEqual([]);
  });
});
