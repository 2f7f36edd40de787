import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatProblem } from '../core/errors';
import type { LoadedManifest } from '../core/manifest';
import { startFakeRegistry, type FakeRegistry } from '../registry/testing/fake-registry';
import { isolatedNpmEnv, publishGatePackages } from '../testing/gate-npm-packages';
import { gateNpmCache, stageNpmPackages } from './stage-npm-packages';

/** A plugin as the gate reads it: its name, plugin.json path and frontend.dependencies. */
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
    writeFileSync(join(root, 'node_modules/gate-tiny-classes/package.json'), '{}');
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

  it('reuses a staged set: the second gate runs no npm and asks the registry nothing', async () => {
    const plugins = [plugin('@t/a', [{ name: 'gate-tiny-tokens', version: '^1.0.0' }])];
    const first = await stageNpmPackages(root, plugins, { env });
    const asked = registry.requests.length;
    const second = await stageNpmPackages(root, plugins, { env: { ...env, PATH: '' } });
    expect(second).toEqual(first);
    expect(first.packages.size).toBe(1);
    expect(registry.requests.length).toBe(asked);
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
    // react is declared too but not installed in this workspace: both are staged together, npm names the first.
    expect(lines(staged.problems)).toEqual([
      expect.stringMatching(
        /^FARM_E090 plugin "@t\/a" \(libs\/plugins\/a\/plugin\.json \/frontend\/dependencies\/1\): npm cannot install gate-tiny-classes@\^2\.0\.0 .*ECONNREFUSED/,
      ),
    ]);
    expect(readdirSync(join(root, gateNpmCache))).toEqual([]);
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
});
