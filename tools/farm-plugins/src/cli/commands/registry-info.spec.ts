import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeRegistry, type FakeRegistry } from '../../registry/testing/fake-registry';
import { registryInfo, type RegistryPackageView } from './registry-info';

let registry: FakeRegistry;
/** Workspace folders this file made, removed after each test. */
const roots: string[] = [];

/**
 * A FARM workspace folder (nx.json, workspace.json with nothing installed) whose project .npmrc
 * points at the test registry; user and global npm config kept out, npm's cache fresh.
 */
function workspace(): { cwd: string; env: NodeJS.ProcessEnv } {
  const root = mkdtempSync(join(tmpdir(), 'farm-info-ws-'));
  roots.push(root);
  writeFileSync(join(root, 'package.json'), '{"name":"ws","version":"0.0.0","private":true}');
  writeFileSync(join(root, 'nx.json'), '{}');
  writeFileSync(join(root, 'workspace.json'), '{"farmVersion":"1.0.0","plugins":{}}');
  writeFileSync(join(root, '.npmrc'), `registry=${registry.url}\nfetch-retries=0\n`);
  return {
    cwd: root,
    env: {
      HOME: join(root, 'home'),
      PATH: process.env.PATH,
      npm_config_globalconfig: join(root, 'none'),
      npm_config_cache: join(root, 'cache'),
    },
  };
}

/** What a registry such as Verdaccio stores beside package.json's own fields, which `info` must not pass on. */
const registryInternals = {
  _id: 'set per version',
  _npmUser: { name: 'ada', email: 'ada@example.org' },
  _nodeVersion: '20.20.2',
  _npmVersion: '11.19.1',
  _hasShrinkwrap: false,
};

function publishX(): void {
  const base = {
    name: '@farm/plugin-x',
    description: 'Weather widgets',
    license: 'MIT',
    author: { name: 'Ada', email: 'ada@example.org' },
    keywords: ['weather', 'farm-plugin'],
    dependencies: { 'date-fns': '^4.1.0' },
  };
  // Published out of semver order, with a pre-release on `next`, as a real registry's history can be.
  for (const [version, tag] of [
    ['1.0.0', 'latest'],
    ['1.2.0', 'next'],
    ['1.1.0', 'latest'],
  ] as const) {
    registry.publish(
      { ...base, ...registryInternals, _id: `@farm/plugin-x@${version}`, version },
      { 'plugin.json': '{}' },
      { tag },
    );
  }
}

async function info(name: string, json: boolean): Promise<string> {
  const printed: string[] = [];
  const code = await registryInfo(name, { json, print: (text) => printed.push(text) }, workspace());
  expect(code).toBe(0);
  return printed.join('\n');
}

beforeEach(async () => {
  registry = await startFakeRegistry();
});
afterEach(async () => {
  await registry.close();
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('farm plugin info <package on the registry>', () => {
  it('--json is the documented shape: no pacote or registry internals (_resolved, _integrity, _id …)', async () => {
    publishX();
    const view: RegistryPackageView = JSON.parse(await info('@farm/plugin-x', true));
    expect(Object.keys(view)).toEqual([
      'name',
      'version',
      'registry',
      'description',
      'license',
      'author',
      'homepage',
      'deprecated',
      'keywords',
      'farmPlugin',
      'dist-tags',
      'versions',
      'dependencies',
      'dist',
    ]);
    expect(view).toEqual({
      name: '@farm/plugin-x',
      version: '1.1.0',
      registry: registry.url,
      description: 'Weather widgets',
      license: 'MIT',
      author: 'Ada <ada@example.org>',
      homepage: null,
      deprecated: null,
      keywords: ['weather', 'farm-plugin'],
      farmPlugin: true,
      'dist-tags': { latest: '1.1.0', next: '1.2.0' },
      versions: ['1.0.0', '1.1.0', '1.2.0'],
      dependencies: { 'date-fns': '^4.1.0' },
      dist: {
        tarball: `${registry.url}@farm/plugin-x/-/plugin-x-1.1.0.tgz`,
        integrity: expect.stringMatching(/^sha512-/),
        shasum: expect.stringMatching(/^[0-9a-f]{40}$/),
      },
    });
    expect(JSON.stringify(view)).not.toMatch(/"_[a-zA-Z]+"/);
  });

  it('prints it as npm view does: header, description, keywords, dist, dependencies, dist-tags — then versions and how to install', async () => {
    publishX();
    const text = await info('@farm/plugin-x', false);
    const lines = text.split('\n');
    expect(lines.slice(0, 2)).toEqual(['@farm/plugin-x@1.1.0 | MIT | deps: 1 | versions: 3', 'Weather widgets']);
    expect(text).toContain('\nkeywords: weather, farm-plugin\nFARM plugin: yes\nauthor: Ada <ada@example.org>\n');
    expect(text).toContain(`\ndist\n.tarball: ${registry.url}@farm/plugin-x/-/plugin-x-1.1.0.tgz\n.integrity: sha512-`);
    expect(text).toContain('\ndependencies:\ndate-fns: ^4.1.0\n');
    expect(text).toContain('\ndist-tags:\nlatest: 1.1.0\nnext: 1.2.0\n');
    expect(text).toContain('\nversions: 1.0.0, 1.1.0, 1.2.0\n');
    expect(text.endsWith(`registry: ${registry.url}\ninstall: farm plugin install @farm/plugin-x`)).toBe(true);
    expect(text).not.toMatch(/_resolved|_integrity|_id|_from|_npmUser|\{"/);
  });

  it('says when a package is deprecated and not marked as a FARM plugin, and lists the newest 20 of many versions', async () => {
    for (let minor = 0; minor < 25; minor++)
      registry.publish(
        { name: 'weather-lib', version: `1.${minor}.0`, description: 'a weather library' },
        {},
        { deprecated: minor === 24 ? 'use weather-kit' : undefined },
      );
    const text = await info('weather-lib', false);
    expect(text.split('\n')[0]).toBe('weather-lib@1.24.0 | Proprietary | deps: none | versions: 25');
    expect(text).toContain('\nDEPRECATED - use weather-kit\n');
    expect(text).toContain('\nFARM plugin: not marked as one');
    expect(text).toContain(`\nversions: (5 older, --json lists them) 1.5.0, 1.6.0, 1.7.0, 1.8.0, 1.9.0, 1.10.0,`);
    expect(JSON.parse(await info('weather-lib', true))).toMatchObject({
      farmPlugin: false,
      deprecated: 'use weather-kit',
      license: null,
      keywords: [],
      dependencies: {},
      versions: expect.arrayContaining(['1.0.0', '1.24.0']),
    });
  });

  it('through the farm bin, in a workspace where the package is not installed', async () => {
    publishX();
    const ws = workspace();
    // Asynchronous: the registry answers from this process.
    const child = spawn(
      process.execPath,
      [join(__dirname, '../../../bin/farm.js'), 'plugin', 'info', '@farm/plugin-x', '--json'],
      { cwd: ws.cwd, env: ws.env },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise((resolve) => child.once('close', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(stdout)).toMatchObject({
      name: '@farm/plugin-x',
      version: '1.1.0',
      'dist-tags': { latest: '1.1.0', next: '1.2.0' },
    });
    expect(stdout).not.toContain('_resolved');
  }, 30_000);
});
