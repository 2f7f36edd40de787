import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  fetchFromRegistry as fetchPlugin,
  packageInfo,
  removeFetched,
  resolveVersion,
  savedRange,
  searchPlugins,
  type RegistryOptions,
} from './index';
import { startFakeRegistry, type FakeRegistry } from './testing/fake-registry';

const manifest = (name: string, version: string, extra: object = {}) => ({
  name,
  version,
  description: `${name} test plugin`,
  author: 't',
  license: 'MIT',
  farmVersion: '^1.0.0',
  ...extra,
});
const pluginFiles = (name: string, version: string) => ({
  'plugin.json': JSON.stringify(manifest(name, version)),
  'routers/x.py': `VERSION = "${version}"\n`,
});

// npm's own libraries load on first use (pacote, @npmcli/config read npm's builtin config) and some
// tests run the real `npm install`: seconds each on a busy 2-core machine, not jest's default 5.
jest.setTimeout(60_000);

let registry: FakeRegistry;
let other: FakeRegistry;
const fetchedDirs: string[] = [];
/** Workspaces and temp folders this file made, removed after each test. */
const made: string[] = [];

beforeEach(async () => {
  [registry, other] = await Promise.all([startFakeRegistry(), startFakeRegistry()]);
});
afterEach(async () => {
  await Promise.all([registry.close(), other.close()]);
  for (const dir of fetchedDirs.splice(0)) {
    removeFetched({ dir });
    expect(existsSync(dir)).toBe(false);
  }
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** fetchFromRegistry, remembering the folder so afterEach can remove it (and check it goes). */
async function fetchFromRegistry(...args: Parameters<typeof fetchPlugin>) {
  const fetched = await fetchPlugin(...args);
  fetchedDirs.push(fetched.dir);
  return fetched;
}

/**
 * A workspace folder whose project .npmrc says `npmrc`; user and global config kept out, npm's
 * cache a fresh folder (so nothing is served from an earlier test's downloads).
 */
function workspace(npmrc: string): RegistryOptions & { lines: string[]; env: NodeJS.ProcessEnv } {
  const cwd = mkdtempSync(join(tmpdir(), 'farm-registry-ws-'));
  made.push(cwd);
  writeFileSync(join(cwd, 'package.json'), '{"name":"ws","version":"0.0.0"}');
  writeFileSync(join(cwd, '.npmrc'), `${npmrc}\nfetch-retry-mintimeout=20\nfetch-retry-maxtimeout=50\n`);
  const lines: string[] = [];
  const env = {
    HOME: join(cwd, 'home'),
    PATH: process.env.PATH,
    npm_config_globalconfig: join(cwd, 'none'),
    npm_config_cache: join(cwd, 'cache'),
  };
  return { cwd, lines, log: (line) => lines.push(line), env };
}

/** What the real npm installs for `spec` in that workspace (its lockfile), run asynchronously so the in-process registry can answer. */
function npmInstalls(ws: ReturnType<typeof workspace>, spec: string, extraArgs: string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'npm',
      ['install', spec, '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund', ...extraArgs],
      { cwd: ws.cwd, env: ws.env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('close', (code) => {
      if (code !== 0) return reject(new Error(`npm install ${spec}: exit ${code}\n${output}`));
      const lock = JSON.parse(readFileSync(join(ws.cwd, 'package-lock.json'), 'utf8'));
      resolve(lock.packages[`node_modules/${spec.slice(0, spec.indexOf('@', 1))}`].version);
    });
  });
}

function publishX(
  versions: string[],
  options: { latest?: string; tags?: Record<string, string>; engines?: Record<string, Record<string, string>> } = {},
) {
  for (const v of versions) {
    const tag =
      v === (options.latest ?? versions[versions.length - 1])
        ? 'latest'
        : (Object.entries(options.tags ?? {}).find(([, tv]) => tv === v)?.[0] ?? null);
    registry.publish(
      {
        name: '@farm/plugin-x',
        version: v,
        description: '@farm/plugin-x test plugin',
        keywords: ['farm-plugin'],
        ...(options.engines?.[v] ? { engines: options.engines[v] } : {}),
      },
      pluginFiles('@farm/plugin-x', v),
      { tag },
    );
  }
}

describe('fetchFromRegistry', () => {
  it('downloads the version npm picks from the scope registry, verified and extracted, and records what npm would save', async () => {
    publishX(['1.0.0', '1.2.0', '1.10.0', '2.0.0']);
    const ws = workspace(`@farm:registry=${registry.url}\nregistry=${other.url}\n`);
    const fetched = await fetchFromRegistry('@farm/plugin-x', '^1.0.0', ws);
    expect(readFileSync(join(fetched.dir, 'routers/x.py'), 'utf8')).toBe('VERSION = "1.10.0"\n');
    expect(JSON.parse(readFileSync(join(fetched.dir, 'plugin.json'), 'utf8')).version).toBe('1.10.0');
    // npm saves ^1.10.0 for `npm install x@^1.0.0` that installed 1.10.0 (the prefixed version is a subset of the range).
    expect(fetched.source).toEqual({
      type: 'npm',
      spec: '@farm/plugin-x@^1.10.0',
      registry: registry.url,
      resolved: `${registry.url}@farm/plugin-x/-/plugin-x-1.10.0.tgz`,
    });
    expect(new Set(registry.requests.map((r) => r.path))).toEqual(
      new Set(['/@farm%2fplugin-x', '/@farm/plugin-x/-/plugin-x-1.10.0.tgz']),
    );
    expect(other.requests).toEqual([]);
    expect(
      ws.lines.some((l) =>
        /^fetch GET 200 http:\/\/127\.0\.0\.1:\d+\/@farm\/plugin-x\/-\/plugin-x-1\.10\.0\.tgz/.test(l),
      ),
    ).toBe(true);
  });

  it.each<[string, string | undefined]>([
    ['a range the latest dist-tag satisfies: latest, not the highest (1.2.0 is under next)', '^1.0.0'],
    ['no range: latest', undefined],
    ['a dist-tag', 'next'],
    ['a tilde range', '~1.0.0'],
    ['an exact version', '1.0.0'],
    ['a range latest does not satisfy', '>=1.2.0'],
  ])('picks what the real npm install picks: %s', async (_, range) => {
    publishX(['1.0.0', '1.0.1', '1.1.0', '1.2.0'], { latest: '1.1.0', tags: { next: '1.2.0' } });
    const ws = workspace(`registry=${registry.url}\n`);
    const ours = (await resolveVersion('@farm/plugin-x', range, ws)).version;
    expect(ours).toBe(await npmInstalls(ws, `@farm/plugin-x@${range ?? 'latest'}`));
    if (range === '^1.0.0') expect(ours).toBe('1.1.0');
  });

  it('honours engines as npm does: versions this Node refuses are passed over; an exact one warns, and engine-strict refuses it', async () => {
    publishX(['1.0.0', '1.1.0'], { latest: '1.1.0', engines: { '1.1.0': { node: '>=99' } } });
    const ws = workspace(`registry=${registry.url}\n`);
    const ours = (await resolveVersion('@farm/plugin-x', '^1.0.0', ws)).version;
    expect(ours).toBe('1.0.0');
    expect(ours).toBe(await npmInstalls(ws, '@farm/plugin-x@^1.0.0'));
    await resolveVersion('@farm/plugin-x', '1.1.0', ws);
    expect(ws.lines.some((l) => /EBADENGINE Unsupported engine .*@farm\/plugin-x@1\.1\.0.*>=99/.test(l))).toBe(true);
    const strict = workspace(`registry=${registry.url}\nengine-strict=true\n`);
    await expect(resolveVersion('@farm/plugin-x', '1.1.0', strict)).rejects.toThrow(
      /^FARM_E094 @farm\/plugin-x@1\.1\.0 on http:.*: the package requires \{"node":">=99"\}.*\(npm EBADENGINE\)/,
    );
  });

  it('records npm save-prefix and save-exact', async () => {
    publishX(['1.0.0', '1.1.0'], { latest: '1.1.0' });
    expect(
      (await fetchFromRegistry('@farm/plugin-x', undefined, workspace(`registry=${registry.url}\n`))).source.spec,
    ).toBe('@farm/plugin-x@^1.1.0');
    expect(
      (await fetchFromRegistry('@farm/plugin-x', '1.0.0', workspace(`registry=${registry.url}\nsave-prefix=~\n`)))
        .source.spec,
    ).toBe('@farm/plugin-x@~1.0.0');
    expect(
      (await fetchFromRegistry('@farm/plugin-x', '1.0.0', workspace(`registry=${registry.url}\nsave-exact=true\n`)))
        .source.spec,
    ).toBe('@farm/plugin-x@1.0.0');
  });

  it('refuses a tarball whose bytes do not match dist.integrity, naming both digests', async () => {
    publishX(['1.0.0']);
    registry.tamper('@farm/plugin-x', '1.0.0');
    const ws = workspace(`registry=${registry.url}\n`);
    const error = await fetchFromRegistry('@farm/plugin-x', undefined, ws).catch((e: Error) => e);
    expect((error as Error).message).toMatch(
      /^FARM_E096 @farm\/plugin-x@1\.0\.0 \(http:\/\/127\.0\.0\.1:\d+\/@farm\/plugin-x\/-\/plugin-x-1\.0\.0\.tgz\): integrity check failed — the registry says sha512-\S+ but the downloaded tarball is sha512-\S+ \(npm EINTEGRITY\)\. Nothing was installed\./,
    );
  });

  it('sends the token stored for the registry, and only to it', async () => {
    publishX(['1.0.0']);
    other.publish({ name: 'farm-plugin-y', version: '1.0.0' }, pluginFiles('farm-plugin-y', '1.0.0'));
    registry.requireToken('s3cret');
    const ws = workspace(
      `@farm:registry=${registry.url}\nregistry=${other.url}\n${registry.url.replace(/^http:/, '')}:_authToken=\${FARM_TOKEN}\n`,
    );
    ws.env.FARM_TOKEN = 's3cret';
    await fetchFromRegistry('@farm/plugin-x', undefined, ws);
    await fetchFromRegistry('farm-plugin-y', undefined, ws);
    expect(registry.requests.map((r) => r.headers.authorization)).toEqual(['Bearer s3cret', 'Bearer s3cret']);
    expect(other.requests.map((r) => r.headers.authorization)).toEqual([undefined, undefined]);
  });

  it('goes through the proxy npm is configured with', async () => {
    other.publish({ name: 'farm-plugin-y', version: '1.0.0' }, pluginFiles('farm-plugin-y', '1.0.0'));
    // `other` is the proxy: it answers for a registry host that does not even resolve.
    const viaProxy = workspace(`registry=http://registry.farm.invalid/\nproxy=${other.url}\n`);
    const fetched = await fetchFromRegistry('farm-plugin-y', undefined, viaProxy);
    expect(fetched.source.registry).toBe('http://registry.farm.invalid/');
    expect(other.requests[0]).toMatchObject({ path: '/farm-plugin-y', headers: { host: 'registry.farm.invalid' } });
    const noProxy = workspace(`registry=http://registry.farm.invalid/\nfetch-retries=0\n`);
    await expect(fetchFromRegistry('farm-plugin-y', undefined, noProxy)).rejects.toThrow(
      /^FARM_E090 farm-plugin-y@latest on http:\/\/registry\.farm\.invalid\/: cannot reach http:\/\/registry\.farm\.invalid \((ENOTFOUND|EAI_AGAIN)/,
    );
  });

  it('says where to put a token when the registry wants one', async () => {
    publishX(['1.0.0']);
    registry.requireToken('s3cret');
    const ws = workspace(`registry=${registry.url}\n`);
    await expect(fetchFromRegistry('@farm/plugin-x', undefined, ws)).rejects.toThrow(
      new RegExp(
        `^FARM_E091 .*refused the request \\(npm E401, HTTP 401, no token configured\\)[\\s\\S]*fix: add a token for this registry to .npmrc: //127\\.0\\.0\\.1:\\d+/:_authToken=<token>`,
      ),
    );
  });

  it('explains a missing package, a missing version and a package that is not a plugin', async () => {
    publishX(['1.0.0']);
    registry.publish({ name: 'left-pad', version: '1.0.0' }, { 'index.js': 'module.exports = 1;\n' });
    const ws = workspace(`registry=${registry.url}\n`);
    await expect(fetchFromRegistry('@farm/plugin-nope', undefined, ws)).rejects.toThrow(
      /^FARM_E092 @farm\/plugin-nope@latest on http:\/\/127\.0\.0\.1:\d+\/: not found at .* \(npm E404\)/,
    );
    await expect(fetchFromRegistry('@farm/plugin-x', '^2.0.0', ws)).rejects.toThrow(
      /^FARM_E094 .*no version satisfies \^2\.0\.0 \(available: 1\.0\.0; dist-tags: latest=1\.0\.0\) \(npm ETARGET\)/,
    );
    await expect(fetchFromRegistry('left-pad', undefined, ws)).rejects.toThrow(
      /^FARM_E095 left-pad@1\.0\.0 \(http:.*\) is not a FARM plugin: its package has no plugin\.json/,
    );
    await expect(fetchFromRegistry('../../etc/passwd', undefined, ws)).rejects.toThrow(
      /^FARM_E097 "\.\.\/\.\.\/etc\/passwd@latest" is not a registry package spec: Invalid package name/,
    );
    await expect(fetchFromRegistry('x', 'file:../../etc', ws)).rejects.toThrow(
      /^FARM_E097 "x@file:\.\.\/\.\.\/etc" is not a registry package spec \(npm reads it as directory\)/,
    );
    expect(registry.requests.every((r) => !r.path.includes('etc'))).toBe(true);
  });

  it('refuses a tarball holding a symbolic link, which copying would follow out of the package, and cleans up', async () => {
    registry.publish({ name: '@farm/plugin-x', version: '1.0.0' }, pluginFiles('@farm/plugin-x', '1.0.0'), {
      symlinks: { 'secrets.txt': '/etc/passwd' },
    });
    const ws = workspace(`registry=${registry.url}\n`);
    // A temp folder of its own, so other test files' downloads cannot show up in it.
    const tempDir = mkdtempSync(join(tmpdir(), 'farm-registry-tmp-'));
    made.push(tempDir);
    await expect(fetchFromRegistry('@farm/plugin-x', undefined, { ...ws, tempDir })).rejects.toThrow(
      /^FARM_E110 plugin "@farm\/plugin-x" \(package\/secrets\.txt\):\n.*"package\/secrets\.txt" in @farm\/plugin-x@1\.0\.0 \(http:.*\) is a symbolic link to \/etc\/passwd/,
    );
    expect(readdirSync(tempDir)).toEqual([]);
    // …and that folder is really where downloads go.
    registry.publish({ name: '@farm/plugin-x', version: '1.1.0' }, pluginFiles('@farm/plugin-x', '1.1.0'));
    const fine = await fetchFromRegistry('@farm/plugin-x', '1.1.0', { ...ws, tempDir });
    expect(fine.dir.startsWith(`${tempDir}/farm-npm-`)).toBe(true);
  });

  it("gives up on an unreachable registry after npm's retries", async () => {
    const url = registry.url;
    await registry.close();
    const ws = workspace(`registry=${url}\nfetch-retries=1\n`);
    await expect(fetchFromRegistry('@farm/plugin-x', undefined, ws)).rejects.toThrow(
      /^FARM_E090 .*cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED/,
    );
    registry = await startFakeRegistry(); // for afterEach
  });
});

describe("savedRange (npm reify's rule)", () => {
  it.each<[string | undefined, string, string]>([
    [undefined, '^', '^1.2.0'],
    ['latest', '^', '^1.2.0'],
    ['1.2.0', '^', '^1.2.0'], // as npm install x@1.2.0 saves it
    ['^1.0.0', '^', '^1.2.0'], // ^1.2.0 is a subset of ^1.0.0
    ['~1.2.0', '^', '~1.2.0'], // ^1.2.0 is not a subset of ~1.2.0: kept
    ['>=1 <3', '^', '^1.2.0'],
    ['1.2.0 || 3.0.0', '^', '1.2.0 || 3.0.0'],
    [undefined, '~', '~1.2.0'],
    ['1.2.0', '', '1.2.0'], // save-exact
  ])('%p with save-prefix %p → %s', (range, prefix, expected) => {
    expect(savedRange(range, '1.2.0', prefix)).toBe(expected);
  });
});

describe('resolveVersion and packageInfo', () => {
  it('report versions, tags, description and the latest manifest', async () => {
    publishX(['1.0.0', '1.1.0', '2.0.0-beta.1'], { latest: '1.1.0' });
    const ws = workspace(`registry=${registry.url}\n`);
    const resolved = await resolveVersion('@farm/plugin-x', '~1.0.0', ws);
    expect({ version: resolved.version, registry: resolved.registry }).toEqual({
      version: '1.0.0',
      registry: registry.url,
    });
    const info = await packageInfo('@farm/plugin-x', ws);
    expect(info).toMatchObject({
      name: '@farm/plugin-x',
      description: '@farm/plugin-x test plugin',
      versions: ['1.0.0', '1.1.0', '2.0.0-beta.1'],
      'dist-tags': { latest: '1.1.0' },
    });
    expect(info.latest).toMatchObject({ version: '1.1.0', keywords: ['farm-plugin'] });
  });
});

describe('searchPlugins', () => {
  it.each([
    ['Verdaccio-like results (keywords, dist-tags)', false, 0],
    ['results without versions or keywords, completed from the packuments', true, 4],
  ])('finds @farm/plugin-*, farm-plugin-* and keyword-tagged packages: %s', async (_, minimal, packumentRequests) => {
    registry.minimalSearch = minimal;
    registry.publish(
      { name: '@farm/plugin-weather', version: '1.0.0', description: 'weather widget' },
      pluginFiles('@farm/plugin-weather', '1.0.0'),
    );
    registry.publish(
      { name: '@farm/plugin-weather', version: '1.2.0', description: 'weather widget' },
      pluginFiles('@farm/plugin-weather', '1.2.0'),
    );
    registry.publish(
      { name: 'farm-plugin-forecast', version: '0.3.0', description: 'weather forecast' },
      pluginFiles('farm-plugin-forecast', '0.3.0'),
    );
    registry.publish(
      { name: 'storm-tools', version: '2.0.0', description: 'weather alerts', keywords: ['farm-plugin', 'weather'] },
      pluginFiles('storm-tools', '2.0.0'),
    );
    registry.publish({
      name: 'weather-lib',
      version: '5.0.0',
      description: 'a weather library',
      keywords: ['weather'],
    });
    const ws = workspace(`registry=${registry.url}\n`);
    const results = await searchPlugins('weather', ws);
    expect(results.map((r) => [r.name, r.version])).toEqual([
      ['@farm/plugin-weather', '1.2.0'],
      ['farm-plugin-forecast', '0.3.0'],
      ['storm-tools', '2.0.0'],
    ]);
    expect(results[2]).toMatchObject({
      description: 'weather alerts',
      keywords: ['farm-plugin', 'weather'],
      registry: registry.url,
    });
    // Minimal results: every candidate's packument (the three plugins and weather-lib) is read.
    expect(registry.requests.filter((r) => !r.path.startsWith('/-/v1/search')).length).toBe(packumentRequests);
    expect(await searchPlugins('nothing-like-this', ws)).toEqual([]);
  });

  it('lists every plugin for an empty query and searches the @farm registry and the default one', async () => {
    registry.publish({ name: '@farm/plugin-a', version: '1.0.0' }, pluginFiles('@farm/plugin-a', '1.0.0'));
    other.publish({ name: 'farm-plugin-b', version: '1.0.0' }, pluginFiles('farm-plugin-b', '1.0.0'));
    other.publish({ name: 'unrelated', version: '1.0.0' });
    const ws = workspace(`@farm:registry=${registry.url}\nregistry=${other.url}\n`);
    expect(
      (await searchPlugins('', ws)).map(
        (r) => `${r.name}@${r.version} ${r.registry === registry.url ? 'scope' : 'default'}`,
      ),
    ).toEqual(['@farm/plugin-a@1.0.0 scope', 'farm-plugin-b@1.0.0 default']);
  });

  it('returns what one registry found when the other is down, and logs why', async () => {
    registry.publish({ name: '@farm/plugin-a', version: '1.0.0' }, pluginFiles('@farm/plugin-a', '1.0.0'));
    const down = other.url;
    await other.close();
    const ws = workspace(`@farm:registry=${registry.url}\nregistry=${down}\nfetch-retries=0\n`);
    expect((await searchPlugins('a', ws)).map((r) => r.name)).toEqual(['@farm/plugin-a']);
    expect(ws.lines.some((l) => /^search: .*cannot reach/.test(l))).toBe(true);
    other = await startFakeRegistry();
  });
});
