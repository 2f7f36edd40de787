import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { formatProblem } from '../core/errors';
import type { LoadedManifest } from '../core/manifest';
import { startFakeRegistry, type FakeRegistry } from '../registry/testing/fake-registry';
import { isolatedNpmEnv, publishGatePackages } from '../testing/gate-npm-packages';
import { packLocalPackage } from '../testing/local-npm-tarball';
import { gateNpmCache, npmPackagesToStage, stageNpmPackages } from './stage-npm-packages';
import { runNpm } from './run-npm';
import { virtualNodeModules } from './virtual-node-modules';

/**
 * `env` with an `npm` first on PATH that logs each run (its arguments, and whether the `--prefix`
 * folder's `.npmrc` is a link or a copy) to `<folder>/npm.log`, then runs the real npm.
 */
function loggingNpm(env: NodeJS.ProcessEnv, folder: string): { env: NodeJS.ProcessEnv; log: () => string[] } {
  const real = execFileSync('sh', ['-c', 'command -v npm'], { env, encoding: 'utf8' }).trim();
  const bin = join(folder, 'logging-bin');
  const log = join(folder, 'npm.log');
  mkdirSync(bin, { recursive: true });
  writeFileSync(
    join(bin, 'npm'),
    [
      '#!/bin/sh',
      'prefix=; prev=',
      'for a in "$@"; do [ "$prev" = "--prefix" ] && prefix="$a"; prev="$a"; done',
      `if [ -L "$prefix/.npmrc" ]; then echo "npmrc link $(readlink "$prefix/.npmrc")" >> '${log}';`,
      `elif [ -n "$prefix" ] && [ -e "$prefix/.npmrc" ]; then echo "npmrc copy" >> '${log}'; fi`,
      `echo "npm $*" >> '${log}'`,
      `exec '${real}' "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(join(bin, 'npm'), 0o755);
  return {
    env: { ...env, PATH: `${bin}:${env.PATH}` },
    log: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []),
  };
}

/** sha256 of every file under `folder` (path and bytes), folders named in `skip` left out. */
function hashTree(folder: string, skip: string[] = []): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (skip.includes(path)) continue;
      hash.update(`${relative(folder, path)}\0`);
      if (entry.isDirectory()) walk(path);
      else hash.update(lstatSync(path).isSymbolicLink() ? 'link' : readFileSync(path));
    }
  };
  walk(folder);
  return hash.digest('hex');
}

/** A plugin as the gate reads it: its name, plugin.json path and frontend.dependencies. */
/**
 * npm's record of a finished install (its hidden lockfile, written last: npm-installed.ts) listing
 * `versions` as registry copies, written after the folders so it vouches for them.
 */
function recordFinishedInstall(root: string, versions: Record<string, string>): void {
  const packages = Object.fromEntries(
    Object.entries(versions).map(([name, version]) => [
      `node_modules/${name}`,
      { version, resolved: `http://127.0.0.1:9/${name}/-/${name}-${version}.tgz` },
    ]),
  );
  const file = join(root, 'node_modules/.package-lock.json');
  writeFileSync(file, JSON.stringify({ name: 'ws', lockfileVersion: 3, requires: true, packages }));
  const later = new Date(Date.now() + 1000);
  utimesSync(file, later, later);
}

function plugin(name: string, dependencies: { name: string; version?: string }[]): LoadedManifest {
  const folder = name.split('/').pop()!;
  return {
    manifest: { name, frontend: { dependencies } },
    file: `libs/plugins/${folder}/plugin.json`,
    root: `libs/plugins/${folder}`,
  } as unknown as LoadedManifest;
}

/** A port nothing listens on (taken, then released): a registry that is down. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

// Real npm against a registry on 127.0.0.1 (never the public one); the workspace's .npmrc names it.
describe('staging the declared npm packages a change needs', () => {
  jest.setTimeout(120_000);
  let registry: FakeRegistry;
  let root: string;
  let home: string;
  let env: NodeJS.ProcessEnv;
  const marker = join(tmpdir(), `farm-gate-npm-postinstall-${process.pid}`);

  beforeAll(async () => {
    registry = await startFakeRegistry();
    publishGatePackages(registry, marker);
    // React for the peers npm's preview resolves; a package whose peer range stops at React 18.
    for (const version of ['18.3.1', '19.0.0'])
      registry.publish({ name: 'react', version }, { 'index.js': 'module.exports = {};\n' });
    registry.publish(
      {
        name: 'gate-old-peer',
        version: '1.0.0',
        types: 'index.d.ts',
        peerDependencies: { react: '^16.8.0 || ^17 || ^18' },
      },
      { 'index.d.ts': 'export declare const old: true;\n', 'index.js': 'module.exports = {};\n' },
    );
  });
  afterAll(() => registry.close());

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'farm-gate-npm-'));
    home = mkdtempSync(join(tmpdir(), 'farm-gate-npm-home-'));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'ws', private: true }));
    mkdirSync(join(root, 'node_modules'));
    writeFileSync(join(root, '.npmrc'), `registry=${registry.url}\n`);
    env = isolatedNpmEnv(process.env, home);
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
    for (const suffix of ['', '.pre', '.install']) rmSync(`${marker}${suffix}`, { force: true });
  });

  const lines = (problems: Parameters<typeof formatProblem>[0][]) =>
    problems.map((p) => formatProblem(p).replace(/\s+/g, ' '));

  it('costs nothing when every declared package is installed: no npm, no cache folder', async () => {
    mkdirSync(join(root, 'node_modules/gate-tiny-classes'), { recursive: true });
    writeFileSync(
      join(root, 'node_modules/gate-tiny-classes/package.json'),
      JSON.stringify({ name: 'gate-tiny-classes', version: '2.1.0' }),
    );
    recordFinishedInstall(root, { 'gate-tiny-classes': '2.1.0' });
    // Without npm on PATH: staging would fail loudly if it ran npm.
    const staged = await stageNpmPackages(root, [plugin('@t/a', [{ name: 'gate-tiny-classes', version: '^2.0.0' }])], {
      env: { ...env, PATH: '' },
    });
    expect(staged).toEqual({ packages: new Map(), problems: [] });
    expect(existsSync(join(root, gateNpmCache))).toBe(false);
  });

  it("installs a package and its own dependency with the workspace's .npmrc, not its peers, nothing in the workspace's node_modules", async () => {
    const staged = await stageNpmPackages(
      root,
      [plugin('@t/a', [{ name: 'gate-tiny-classes', version: '^2.0.0' }, { name: 'gate-tiny-widget' }])],
      { env },
    );
    expect(staged.problems).toEqual([]);
    const classes = staged.packages.get('gate-tiny-classes')!;
    expect(classes).toMatch(
      new RegExp(`^${root}/node_modules/\\.cache/farm/gate-npm/[0-9a-f]{32}/node_modules/gate-tiny-classes$`),
    );
    expect(readFileSync(join(classes, 'index.d.ts'), 'utf8')).toContain('classes(...tokens: Token[])');
    const set = join(classes, '../..');
    expect(JSON.parse(readFileSync(join(set, 'node_modules/gate-tiny-tokens/package.json'), 'utf8')).version).toBe(
      '1.4.0',
    );
    expect(staged.packages.get('gate-tiny-widget')).toBe(join(set, 'node_modules/gate-tiny-widget'));
    // The peer resolves by climbing to the workspace's react; npm did not install one.
    expect(existsSync(join(set, 'node_modules/react'))).toBe(false);
    // The copied .npmrc (it may hold tokens) is not kept; no scratch folder is left.
    expect(existsSync(join(set, '.npmrc'))).toBe(false);
    expect(readdirSync(join(root, gateNpmCache))).toEqual([set.split('/').pop()]);
    expect(readdirSync(join(root, 'node_modules'))).toEqual(['.cache']);
  });

  it("reuses a staged set: the second gate only asks npm's preview, and installs nothing again", async () => {
    const plugins = [plugin('@t/a', [{ name: 'gate-tiny-tokens', version: '^1.0.0' }])];
    const npm = loggingNpm(env, home);
    const first = await stageNpmPackages(root, plugins, { env: npm.env });
    const runs = npm.log().length;
    const second = await stageNpmPackages(root, plugins, { env: npm.env });
    expect(second).toEqual(first);
    expect(first.packages.size).toBe(1);
    expect(npm.log().slice(runs)).toEqual([
      expect.stringMatching(/^npm install --dry-run .* -- gate-tiny-tokens@\^1\.0\.0$/),
    ]);
  });

  it("never runs a package's install scripts", async () => {
    const staged = await stageNpmPackages(root, [plugin('@t/a', [{ name: 'gate-hostile', version: '1.0.0' }])], {
      env,
    });
    expect(staged.problems).toEqual([]);
    expect(existsSync(join(staged.packages.get('gate-hostile')!, 'index.d.ts'))).toBe(true);
    for (const suffix of ['', '.pre', '.install']) expect(existsSync(`${marker}${suffix}`)).toBe(false);
  });

  it('reads a scoped registry and its token from the project .npmrc', async () => {
    const token = 'gate-npm-token';
    const host = registry.url.replace(/^http:/, '');
    const port = await deadPort();
    writeFileSync(
      join(root, '.npmrc'),
      `registry=http://127.0.0.1:${port}/\n@acme:registry=${registry.url}\n${host}:_authToken=${token}\n`,
    );
    registry.requireToken(token);
    try {
      const staged = await stageNpmPackages(root, [plugin('@t/a', [{ name: '@acme/ui', version: '^3.0.0' }])], { env });
      expect(staged.problems).toEqual([]);
      expect(staged.packages.get('@acme/ui')).toMatch(/\/node_modules\/@acme\/ui$/);
    } finally {
      registry.requireToken('');
    }
  });

  it('says an unreachable registry at the declaring entry, quoting npm, and keeps nothing', async () => {
    writeFileSync(join(root, '.npmrc'), `registry=http://127.0.0.1:${await deadPort()}/\n`);
    const staged = await stageNpmPackages(
      root,
      [plugin('@t/a', [{ name: 'react' }, { name: 'gate-tiny-classes', version: '^2.0.0' }])],
      { env: { ...env, npm_config_fetch_retries: '0' } },
    );
    expect(staged.packages.size).toBe(0);
    // react is declared too but not installed in this workspace: npm's preview asks for both and names the first it fetched.
    expect(lines(staged.problems)).toEqual([
      expect.stringMatching(
        /^FARM_E090 plugin "@t\/a" \(libs\/plugins\/a\/plugin\.json \/frontend\/dependencies\/1\): npm cannot install gate-tiny-classes@\^2\.0\.0 .*ECONNREFUSED/,
      ),
    ]);
    expect(existsSync(join(root, gateNpmCache)) ? readdirSync(join(root, gateNpmCache)) : []).toEqual([]);
  });

  it('says a version the registry does not have at that entry only, quoting npm', async () => {
    const staged = await stageNpmPackages(
      root,
      [
        plugin('@t/a', [{ name: 'gate-tiny-tokens', version: '^1.0.0' }]),
        plugin('@t/b', [{ name: 'gate-tiny-classes', version: '^9.0.0' }]),
      ],
      { env },
    );
    expect(lines(staged.problems)).toEqual([
      expect.stringMatching(
        /^FARM_E094 plugin "@t\/b" \(libs\/plugins\/b\/plugin\.json \/frontend\/dependencies\/0\): npm cannot install gate-tiny-classes@\^9\.0\.0 .*No matching version found for gate-tiny-classes@\^9\.0\.0.* fix: correct the name or version of gate-tiny-classes/,
      ),
    ]);
  });

  it('says npm missing from PATH as FARM_E116', async () => {
    const staged = await stageNpmPackages(root, [plugin('@t/a', [{ name: 'gate-tiny-tokens' }])], {
      env: { ...env, PATH: '' },
    });
    expect(lines(staged.problems)).toEqual([
      expect.stringMatching(
        /^FARM_E116 plugin "@t\/a" \(libs\/plugins\/a\/plugin\.json \/frontend\/dependencies\/0\): .*npm: spawn npm ENOENT/,
      ),
    ]);
  });

  it("asks npm's own resolver first: a peer conflict with the workspace's React is FARM_E102 before the write", async () => {
    writeFileSync(
      join(root, 'package.json'),
      JSON.stringify({ name: 'ws', private: true, dependencies: { react: '^19.0.0' } }),
    );
    mkdirSync(join(root, 'node_modules/react'));
    writeFileSync(join(root, 'node_modules/react/package.json'), JSON.stringify({ name: 'react', version: '19.0.0' }));
    const staged = await stageNpmPackages(
      root,
      [
        plugin('@t/a', [
          { name: 'gate-tiny-tokens', version: '^1.0.0' },
          { name: 'gate-old-peer', version: '^1.0.0' },
        ]),
      ],
      { env },
    );
    expect(lines(staged.problems)).toEqual([
      expect.stringMatching(
        /^FARM_E102 plugin "@t\/a" \(libs\/plugins\/a\/plugin\.json \/frontend\/dependencies\/1\): npm cannot install gate-old-peer@\^1\.0\.0 .*the npm install after the change is written would refuse it; npm said: code ERESOLVE .*Found: react@19\.0\.0 .*peer react@"\^16\.8\.0 \|\| \^17 \|\| \^18" from gate-old-peer@1\.0\.0 .* fix: declare a version of gate-old-peer/,
      ),
    ]);
    // The package npm accepts is still staged, for its plugin's other imports.
    expect([...staged.packages.keys()]).toEqual(['gate-tiny-tokens']);
  });

  it("npm's preview writes nothing: package.json, package-lock.json and node_modules keep their bytes", async () => {
    // Asynchronously: the registry answers from this process.
    const installed = await runNpm(
      ['install', '--ignore-scripts', '--no-audit', '--no-fund', 'gate-tiny-tokens@^1.0.0'],
      root,
      env,
    );
    expect(installed.stderr).toBe('');
    expect(existsSync(join(root, 'package-lock.json'))).toBe(true);
    expect(existsSync(join(root, 'node_modules/.package-lock.json'))).toBe(true);
    const before = hashTree(root);
    const npm = loggingNpm(env, home);
    const staged = await stageNpmPackages(
      root,
      [plugin('@t/a', [{ name: 'gate-tiny-classes', version: '^2.0.0' }, { name: 'gate-tiny-widget' }])],
      { env: npm.env },
    );
    expect(staged.problems).toEqual([]);
    expect(npm.log()).toContainEqual(
      expect.stringMatching(/^npm install --dry-run .* -- gate-tiny-classes@\^2\.0\.0 gate-tiny-widget@\*$/),
    );
    expect(hashTree(root, [join(root, 'node_modules/.cache')])).toBe(before);
  });

  it.each([['../../evil'], ['@rv/../../../x'], ['Evil Name']])(
    'refuses the package name %j at its entry, before any npm runs',
    async (name) => {
      const staged = await stageNpmPackages(
        root,
        [plugin('@t/a', [{ name: 'gate-tiny-tokens' }, { name, version: '1.0.0' }])],
        { env: { ...env, PATH: '' } },
      );
      expect(lines(staged.problems)).toContainEqual(
        expect.stringMatching(
          /^FARM_E003 plugin "@t\/a" \(libs\/plugins\/a\/plugin\.json \/frontend\/dependencies\/1\/name\): npm refuses the package name .*Invalid package name.* fix: write the package's npm name/,
        ),
      );
      expect(readdirSync(root)).toEqual(expect.not.arrayContaining(['evil', 'x']));
    },
  );

  it.each([
    ['^2.1.0 --registry=http://127.0.0.1:9', 'a path .*, not a version'],
    ['file:./no-such-folder', 'a path that does not exist'],
  ])('refuses the version %j that npm would read as a folder, before any npm runs', async (version, why) => {
    const staged = await stageNpmPackages(root, [plugin('@t/a', [{ name: 'gate-tiny-tokens', version }])], {
      env: { ...env, PATH: '' },
    });
    expect(lines(staged.problems)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^FARM_E003 plugin "@t/a" \\(libs/plugins/a/plugin\\.json /frontend/dependencies/0/version\\): npm reads the version .* of gate-tiny-tokens as ${why}`,
        ),
      ),
    ]);
  });

  it('a staged set does not stand for the registry: registry down with the set cached is FARM_E090', async () => {
    const plugins = [plugin('@t/a', [{ name: 'gate-tiny-classes', version: '^2.0.0' }])];
    const first = await stageNpmPackages(root, plugins, { env });
    expect(first.problems).toEqual([]);
    writeFileSync(join(root, '.npmrc'), `registry=http://127.0.0.1:${await deadPort()}/\n`);
    const otherHome = mkdtempSync(join(tmpdir(), 'farm-gate-npm-home-'));
    try {
      const second = await stageNpmPackages(root, plugins, { env: isolatedNpmEnv(process.env, otherHome) });
      expect(lines(second.problems)).toEqual([
        expect.stringMatching(
          /^FARM_E090 plugin "@t\/a" \(libs\/plugins\/a\/plugin\.json \/frontend\/dependencies\/0\): npm cannot install gate-tiny-classes@\^2\.0\.0 .*the npm install after the change is written would fail; npm said: .*ECONNREFUSED/,
        ),
      ]);
      expect(second.packages.size).toBe(0);
    } finally {
      rmSync(otherHome, { recursive: true, force: true });
    }
  });

  it('a copy in node_modules outside the declared range is not "installed": the range is staged and shown instead', async () => {
    const disk = join(root, 'node_modules/gate-tiny-tokens');
    mkdirSync(disk);
    writeFileSync(
      join(disk, 'package.json'),
      JSON.stringify({ name: 'gate-tiny-tokens', version: '0.1.0', types: 'index.d.ts' }),
    );
    writeFileSync(join(disk, 'index.d.ts'), 'export type Token = number;\n');
    recordFinishedInstall(root, { 'gate-tiny-tokens': '0.1.0' });
    const plugins = [plugin('@t/a', [{ name: 'gate-tiny-tokens', version: '^1.0.0' }])];
    const staged = await stageNpmPackages(root, plugins, { env });
    expect(staged.problems).toEqual([]);
    const copy = staged.packages.get('gate-tiny-tokens')!;
    expect(JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8')).version).toBe('1.4.0');
    const modules = virtualNodeModules(root, [], staged.packages);
    expect(modules.readFile(join(disk, 'index.d.ts'))).toBe('export type Token = string | false;\n');
    // In the range (npm keeps that copy): nothing staged, no npm.
    writeFileSync(join(disk, 'package.json'), JSON.stringify({ name: 'gate-tiny-tokens', version: '1.2.0' }));
    recordFinishedInstall(root, { 'gate-tiny-tokens': '1.2.0' });
    expect(await stageNpmPackages(root, plugins, { env: { ...env, PATH: '' } })).toEqual({
      packages: new Map(),
      problems: [],
    });
  });

  it('a copy npm\'s record lists is "installed", touched since or not; one it does not list is staged', () => {
    const disk = join(root, 'node_modules/gate-tiny-tokens');
    mkdirSync(disk);
    writeFileSync(join(disk, 'package.json'), JSON.stringify({ name: 'gate-tiny-tokens', version: '1.2.0' }));
    recordFinishedInstall(root, { 'gate-tiny-tokens': '1.2.0' });
    const plugins = [plugin('@t/a', [{ name: 'gate-tiny-tokens', version: '^1.0.0' }])];
    expect(npmPackagesToStage(root, plugins).packages).toEqual([]);
    // A hand patch (a file added) makes the folder newer than the record: still the user's installed copy.
    // An interrupted install is recorded (.farm/install-pending.json) and finished before any gate.
    const later = new Date(Date.now() + 5000);
    utimesSync(disk, later, later);
    expect(npmPackagesToStage(root, plugins).packages).toEqual([]);
    // Not in npm's record (a copy npm did not finish installing, or put there by hand): staged.
    recordFinishedInstall(root, {});
    expect(npmPackagesToStage(root, plugins).packages.map((p) => p.name)).toEqual(['gate-tiny-tokens']);
  });

  it('refuses a file: path outside the plugin as FARM_E141, before any npm runs', async () => {
    // A folder that exists (one that does not is FARM_E003's), outside the plugin.
    const spec = `file:${relative(root, home)}`;
    const staged = await stageNpmPackages(root, [plugin('@t/a', [{ name: 'gate-tiny-tokens', version: spec }])], {
      env: { ...env, PATH: '' },
    });
    expect(lines(staged.problems)).toEqual([
      `FARM_E141 plugin "@t/a" (libs/plugins/a/plugin.json /frontend/dependencies/0/version): npm dependency gate-tiny-tokens is the path "${spec}", which leads to ${realpathSync(home)}, outside the plugin's folder libs/plugins/a: npm install would run that package's install scripts and package.json would keep the path fix: publish gate-tiny-tokens to a registry and write its version range at /frontend/dependencies/0/version, or move it into the plugin (file:libs/plugins/a/vendor/<file>.tgz, made with npm pack)`,
    ]);
    expect(staged.packages).toEqual(new Map());
  });

  describe('a dependency of a package the plugin ships, from a local path', () => {
    // evil's install script would run with the developer's rights at the install after the write.
    const outsidePackage = () => {
      const folder = mkdtempSync(join(home, 'evil-'));
      writeFileSync(
        join(folder, 'package.json'),
        JSON.stringify({ name: 'evil', version: '1.0.0', scripts: { postinstall: `touch ${marker}` } }),
      );
      return folder;
    };
    /** A tarball in the plugin's vendor folder whose package.json depends on `dependencies`. */
    const shippedTarball = (dependencies: Record<string, string>) => {
      const tarball = packLocalPackage(join(root, 'libs/plugins/a/vendor'), 'inner', '1.0.0', {
        'package.json': JSON.stringify({ name: 'inner', version: '1.0.0', main: 'index.js', dependencies }),
        'index.js': 'module.exports = {};\n',
      });
      return `file:${relative(root, tarball)}`;
    };
    /** A package folder in the plugin's vendor folder, with `fields` in its package.json. */
    const vendorFolder = (name: string, fields: Record<string, Record<string, string>>) => {
      const folder = join(root, 'libs/plugins/a/vendor', name);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'package.json'), JSON.stringify({ name, version: '1.0.0', ...fields }));
      return folder;
    };
    const refusal = (spec: string, brought: string) =>
      `FARM_E141 plugin "@t/a" (libs/plugins/a/plugin.json /frontend/dependencies/0/version): npm dependency inner (${JSON.stringify(spec)}) brings ${brought} from a local path outside the plugin's folder: npm install would run that package's install scripts fix: publish those packages to a registry and depend on their versions in inner's package.json, or pack them into the plugin's folder and depend on file: paths inside it`;

    it.each([
      ['a folder (npm links it)', (evil: string) => ({ spec: `file:${evil}`, at: evil })],
      [
        'a tarball',
        (evil: string) => {
          const tarball = packLocalPackage(join(evil, 'packed'), 'evil', '1.0.0');
          return { spec: `file:${tarball}`, at: tarball };
        },
      ],
      [
        'a git+file: repository',
        (evil: string) => {
          for (const args of [
            ['init', '-q'],
            ['add', '.'],
            ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'x'],
          ])
            execFileSync('git', args, { cwd: evil });
          return { spec: `git+file://${evil}`, at: evil };
        },
      ],
    ])(
      'outside the plugin, %s, is FARM_E141 at the declaration, naming it; not staged, its script never run',
      async (_, specOf) => {
        const evil = specOf(outsidePackage());
        const spec = shippedTarball({ evil: evil.spec });
        const plugins = [plugin('@t/a', [{ name: 'inner', version: spec }])];
        // Staged, then the same set from the cache: refused both times.
        for (const run of ['staged', 'cached']) {
          const staged = await stageNpmPackages(root, plugins, { env });
          expect([run, lines(staged.problems)]).toEqual([run, [refusal(spec, `evil (${realpathSync(evil.at)})`)]]);
          expect(staged.packages).toEqual(new Map());
        }
        expect(readdirSync(join(root, gateNpmCache))).toHaveLength(1);
        expect(existsSync(marker)).toBe(false);
      },
    );

    // Edges the staged tree leaves unresolved and a later workspace install resolves.
    it.each([
      [
        'a peer dependency (staging skips peers; the install after the write installs them)',
        (evil: string) =>
          packLocalPackage(join(root, 'libs/plugins/a/vendor'), 'inner', '1.0.0', {
            'package.json': JSON.stringify({
              name: 'inner',
              version: '1.0.0',
              peerDependencies: { evil: `file:${evil}` },
            }),
          }),
        'a peer dependency of inner',
      ],
      [
        "a bundled package's dependency (npm completes a bundle at the next install)",
        (evil: string) =>
          packLocalPackage(join(root, 'libs/plugins/a/vendor'), 'inner', '1.0.0', {
            'package.json': JSON.stringify({
              name: 'inner',
              version: '1.0.0',
              dependencies: { bundled: '1.0.0' },
              bundleDependencies: ['bundled'],
            }),
            'node_modules/bundled/package.json': JSON.stringify({
              name: 'bundled',
              version: '1.0.0',
              dependencies: { evil: `file:${evil}` },
            }),
          }),
        'a dependency of bundled',
      ],
      [
        "a linked folder's dependency (arborist installs a link target's dependencies inside the workspace only)",
        (evil: string) => vendorFolder('inner', { dependencies: { evil: `file:${evil}` } }),
        'a dependency of inner',
      ],
      [
        "a linked folder's dev dependency (npm installs a folder inside the project like a project)",
        (evil: string) => vendorFolder('inner', { devDependencies: { evil: `file:${evil}` } }),
        'a dev dependency of inner',
      ],
      [
        'two linked folders deep (npm reads the second folder only in the workspace)',
        (evil: string) => {
          vendorFolder('last', { devDependencies: { evil: `file:${evil}` } });
          vendorFolder('next', { optionalDependencies: { last: 'file:../last' } });
          return vendorFolder('inner', { dependencies: { next: 'file:../next' } });
        },
        'a dev dependency of last',
      ],
      [
        "a tarball's dependency, the tarball a linked folder's peer (read from the tarball, as npm will)",
        (evil: string) => {
          const vendor = join(root, 'libs/plugins/a/vendor');
          const last = packLocalPackage(vendor, 'last', '1.0.0', {
            'package.json': JSON.stringify({ name: 'last', version: '1.0.0', dependencies: { evil: `file:${evil}` } }),
          });
          return vendorFolder('inner', { peerDependencies: { last: `file:${last}` } });
        },
        'a dependency of last',
      ],
    ])('outside the plugin, as %s, is FARM_E141 at the declaration, naming it', async (_, ship, wantedAs) => {
      const evil = outsidePackage();
      const spec = `file:${relative(root, ship(evil))}`;
      const staged = await stageNpmPackages(root, [plugin('@t/a', [{ name: 'inner', version: spec }])], { env });
      expect(lines(staged.problems)).toEqual([refusal(spec, `evil (${realpathSync(evil)}, ${wantedAs})`)]);
      expect(staged.packages).toEqual(new Map());
      expect(existsSync(marker)).toBe(false);
    });

    it('a peer dependency inside the plugin is staged', async () => {
      const deep = packLocalPackage(join(root, 'libs/plugins/a/vendor/deep'), 'deep', '1.0.0');
      const spec = `file:${relative(
        root,
        packLocalPackage(join(root, 'libs/plugins/a/vendor'), 'inner', '1.0.0', {
          'package.json': JSON.stringify({
            name: 'inner',
            version: '1.0.0',
            peerDependencies: { deep: `file:${deep}` },
          }),
        }),
      )}`;
      const staged = await stageNpmPackages(root, [plugin('@t/a', [{ name: 'inner', version: spec }])], { env });
      expect(lines(staged.problems)).toEqual([]);
      expect([...staged.packages.keys()]).toEqual(['inner']);
    });

    it('inside the plugin, at any depth, is staged', async () => {
      const deep = packLocalPackage(join(root, 'libs/plugins/a/vendor/deep'), 'deep', '1.0.0');
      const spec = shippedTarball({ deep: `file:${deep}` });
      const staged = await stageNpmPackages(root, [plugin('@t/a', [{ name: 'inner', version: spec }])], { env });
      expect(lines(staged.problems)).toEqual([]);
      expect([...staged.packages.keys()]).toEqual(['inner']);
    });
  });

  it(".npmrc reaches npm as a link to the workspace's, never a copy of its tokens", async () => {
    const npm = loggingNpm(env, home);
    const staged = await stageNpmPackages(root, [plugin('@t/a', [{ name: 'gate-tiny-tokens', version: '^1.0.0' }])], {
      env: npm.env,
    });
    expect(staged.problems).toEqual([]);
    expect(npm.log()).toContain(`npmrc link ${join(root, '.npmrc')}`);
    expect(npm.log()).not.toContain('npmrc copy');
  });
});
