import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authorizationFor, loadNpmConfig, nerfDart, parseNpmrc, projectRoot, registryFor, type NpmConfig } from './npm-config';

/** A folder tree from a path → contents map. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'farm-npmrc-'));
  for (const [path, contents] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), contents);
  }
  return root;
}

const config = (values: Record<string, string>): NpmConfig => ({ values, sources: {}, files: [] });

describe('parseNpmrc', () => {
  it.each([
    ['key = value', { key: 'value' }],
    ['; comment\n# comment\n\nkey=value', { key: 'value' }],
    ['key="quoted value"', { key: 'quoted value' }],
    ["key='single'", { key: 'single' }],
    ['flag', { flag: 'true' }],
    ['ca[]=a\nca[]=b', { ca: 'b' }],
    ['@farm:registry=http://r/', { '@farm:registry': 'http://r/' }],
    ['//r.example/:_authToken=${TOKEN}', { '//r.example/:_authToken': 's3cret' }],
    ['a=${MISSING}', { a: '${MISSING}' }],
    ['a=${MISSING?}', { a: '' }],
    ['a=\\${TOKEN}', { a: '${TOKEN}' }],
    ['key=value\r\nother=x', { key: 'value', other: 'x' }],
    ['[section]\nregistry=http://not-top-level/', { 'section.registry': 'http://not-top-level/' }],
  ])('%p', (text, expected) => {
    expect(parseNpmrc(text, { TOKEN: 's3cret' })).toEqual(expected);
  });
});

describe('loadNpmConfig', () => {
  const isolated = (home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ HOME: home, npm_config_globalconfig: join(home, 'no-global-npmrc'), ...extra });

  it('layers env over the project .npmrc over the user .npmrc, and defaults the registry', () => {
    const root = tree({
      'home/.npmrc': 'registry=http://user/\nfetch-retries=7\nonly-user=u\n',
      'ws/package.json': '{}',
      'ws/.npmrc': 'registry=http://project/\nfetch-retries=3\n',
    });
    const result = loadNpmConfig({ cwd: join(root, 'ws'), env: isolated(join(root, 'home'), { npm_config_fetch_retries: '9' }) });
    expect(result.values).toMatchObject({ registry: 'http://project/', 'fetch-retries': '9', 'only-user': 'u' });
    expect(result.sources).toMatchObject({ registry: join(root, 'ws/.npmrc'), 'fetch-retries': 'env', 'only-user': join(root, 'home/.npmrc') });
    expect(result.files).toEqual([join(root, 'ws/.npmrc'), join(root, 'home/.npmrc')]);

    const bare = loadNpmConfig({ cwd: tree({ 'package.json': '{}' }), env: isolated(join(root, 'nowhere')) });
    expect(bare.values.registry).toBe('https://registry.npmjs.org/');
  });

  it('reads env keys as npm does: case-insensitive, _ → -, nerf darts and scopes verbatim', () => {
    const root = tree({ 'package.json': '{}' });
    const { values } = loadNpmConfig({
      cwd: root,
      env: isolated(root, { NPM_CONFIG_SAVE_PREFIX: '~', 'npm_config_@farm:registry': 'http://scoped/', 'npm_config_//scoped/:_authToken': 'T', npm_config_empty: '' }),
    });
    expect(values).toMatchObject({ 'save-prefix': '~', '@farm:registry': 'http://scoped/', '//scoped/:_authToken': 'T' });
    expect(values).not.toHaveProperty('empty');
  });

  it('honours npm_config_userconfig', () => {
    const root = tree({ 'elsewhere.npmrc': 'registry=http://custom-user/\n', 'package.json': '{}' });
    const { values } = loadNpmConfig({ cwd: root, env: isolated(join(root, 'home'), { npm_config_userconfig: join(root, 'elsewhere.npmrc') }) });
    expect(values.registry).toBe('http://custom-user/');
  });

  it('finds the project root above a plain folder, and the workspace root above a member', () => {
    const root = tree({
      'package.json': JSON.stringify({ workspaces: ['tools/*'] }),
      '.npmrc': '@farm:registry=http://workspace/\n',
      'tools/farm-plugins/package.json': '{}',
      'tools/farm-plugins/src/registry/x.ts': '',
      'other/package.json': '{}',
    });
    expect(projectRoot(join(root, 'tools/farm-plugins/src/registry'))).toBe(root);
    expect(projectRoot(join(root, 'other'))).toBe(join(root, 'other'));
    expect(loadNpmConfig({ cwd: join(root, 'tools/farm-plugins'), env: isolated(join(root, 'home')) }).values['@farm:registry']).toBe('http://workspace/');
  });
});

describe('registryFor', () => {
  it.each([
    ['@farm/plugin-x', 'http://scoped/'],
    ['@other/x', 'http://default/'],
    ['farm-plugin-y', 'http://default/'],
  ])('%s → %s', (name, expected) => {
    expect(registryFor(config({ registry: 'http://default', '@farm:registry': 'http://scoped/' }), name)).toBe(expected);
  });
});

describe('authorizationFor', () => {
  const values = {
    '//r.example/:_authToken': 'root-token',
    '//r.example/npm/private/:_authToken': 'path-token',
    '//basic.example/:_auth': Buffer.from('u:p').toString('base64'),
    '//legacy.example/:username': 'alice',
    '//legacy.example/:_password': Buffer.from('pw').toString('base64'),
  };
  it.each([
    ['http://r.example/@farm%2fplugin-x', 'Bearer root-token'],
    ['https://r.example/npm/private/@farm/plugin-x/-/plugin-x-1.0.0.tgz', 'Bearer path-token'],
    ['https://r.example/npm/public/x', 'Bearer root-token'],
    ['https://basic.example/x', `Basic ${Buffer.from('u:p').toString('base64')}`],
    ['https://legacy.example/x', `Basic ${Buffer.from('alice:pw').toString('base64')}`],
    ['https://r.example:8443/x', undefined],
    ['https://evil.example/r.example/x', undefined],
  ])('%s', (url, expected) => {
    expect(authorizationFor(config(values), url)).toBe(expected);
  });

  it('keys credentials by host, port and path like npm', () => {
    expect(nerfDart('http://127.0.0.1:4873/')).toBe('//127.0.0.1:4873/');
    expect(nerfDart('https://r.example/npm/private/pkg')).toBe('//r.example/npm/private/');
  });
});
