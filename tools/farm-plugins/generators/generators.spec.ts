import type { Tree } from '@nx/devkit';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadManifest } from '../src/core/manifest';
import { createFarmTree } from '../src/testing/farm-tree';

import activateGenerator from './activate/activate';
import addGenerator from './add/add';
import createGenerator from './create/create';
import deactivateGenerator from './deactivate/deactivate';
import removeGenerator from './remove/remove';

const workspaceOf = (tree: Tree) => JSON.parse(tree.read('workspace.json', 'utf-8')!);
const integration = (tree: Tree) => tree.read('apps/backend/src/plugins/integration.py', 'utf-8') ?? '';
const components = (tree: Tree) => tree.read('apps/frontend/src/plugins/components/index.ts', 'utf-8') ?? '';

/** A plugin folder on disk made from a manifest and files, for local/git/tarball installs. */
function pluginFolder(manifest: object, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'farm-plugin-'));
  writeFileSync(join(dir, 'plugin.json'), JSON.stringify(manifest, null, 2));
  for (const [path, contents] of Object.entries(files)) {
    execFileSync('mkdir', ['-p', join(dir, path, '..')]);
    writeFileSync(join(dir, path), contents);
  }
  return dir;
}

const basic = (name: string, extra: object = {}) => ({
  name,
  version: '1.0.0',
  description: 'test',
  author: 't',
  license: 'MIT',
  farmVersion: '^1.0.0',
  ...extra,
});

describe('create', () => {
  it('scaffolds a plugin that validates and is integrated at once', async () => {
    const tree = createFarmTree();
    await createGenerator(tree, { name: 'weather' });
    const { loaded, problems } = loadManifest(
      tree.read('libs/plugins/weather/plugin.json', 'utf-8')!,
      'libs/plugins/weather/plugin.json',
    );
    expect(problems).toEqual([]);
    expect(loaded!.manifest.name).toBe('@farm/plugin-weather');
    expect(JSON.parse(tree.read('libs/plugins/weather/package.json', 'utf-8')!).name).toBe('@farm/plugin-weather');
    for (const file of [
      'components/WeatherWidget.tsx',
      'hooks/useWeather.ts',
      'pages/WeatherPage.tsx',
      'routers/weather.py',
      'tests/test_weather_router.py',
      'src/index.ts',
      'tsconfig.json',
    ]) {
      expect(tree.exists(`libs/plugins/weather/${file}`)).toBe(true);
    }
    expect(workspaceOf(tree).plugins['@farm/plugin-weather']).toMatchObject({
      active: true,
      version: '1.0.0',
      source: { type: 'workspace' },
    });
    expect(integration(tree)).toContain(
      'app.include_router(weather_router_weather_router, prefix="/weather", tags=["weather"])',
    );
    expect(components(tree)).toContain('WeatherWidget: weather_component_WeatherWidget');
    expect(tree.read('apps/frontend/src/plugins/routes.tsx', 'utf-8')).toContain('"/weather"');
  });

  it('leaves out what is not asked for and adds an AI provider when asked', async () => {
    const tree = createFarmTree();
    await createGenerator(tree, { name: 'ai-search', frontend: false, ai: true });
    expect(tree.exists('libs/plugins/ai-search/components')).toBe(false);
    expect(tree.read('apps/backend/src/plugins/ai_config.py', 'utf-8')).toContain(
      'router.register_provider("ai_search_provider", ai__search_provider_ai_search_provider',
    );
  });

  it.each(['Weather', '9lives', 'class', 'a_b', 'x--y'])('refuses the name %p', async (name) => {
    await expect(createGenerator(createFarmTree(), { name })).rejects.toThrow(/FARM_E051/);
  });
});

describe('add', () => {
  it('installs an official plugin and pulls in what it needs', async () => {
    const tree = createFarmTree();
    await addGenerator(tree, { spec: 'ai-chat', config: 'systemPrompt=Be brief' });
    const { plugins } = workspaceOf(tree);
    expect(Object.keys(plugins).sort()).toEqual(['@farm/ai-chat', '@farm/auth']);
    expect(plugins['@farm/ai-chat']).toMatchObject({
      source: { type: 'official', spec: 'ai-chat' },
      version: '1.0.0',
      active: true,
      config: { systemPrompt: 'Be brief' },
    });
    expect(plugins['@farm/auth'].integrity).toMatch(/^sha512-/);
    expect(tree.exists('libs/plugins/auth/routers/auth.py')).toBe(true);
    expect(integration(tree)).toMatch(/auth_router_auth_router[\s\S]*ai__chat_router_chat_router/);
  });

  it('installs from a local folder, a .tgz and a git repository', async () => {
    const dir = pluginFolder(basic('@farm/plugin-local'), {
      'routers/hello.py': 'from fastapi import APIRouter\nhello = APIRouter()\n',
    });
    writeFileSync(
      join(dir, 'plugin.json'),
      JSON.stringify(
        basic('@farm/plugin-local', {
          backend: { routers: { hello: { path: './routers/hello.py', prefix: '/hello' } } },
        }),
      ),
    );
    const local = createFarmTree();
    await addGenerator(local, { spec: dir });
    expect(workspaceOf(local).plugins['@farm/plugin-local'].source).toEqual({ type: 'local', spec: dir });
    expect(integration(local)).toContain('prefix="/hello"');

    const tgz = join(mkdtempSync(join(tmpdir(), 'farm-tgz-')), 'x.tgz');
    const packDir = mkdtempSync(join(tmpdir(), 'farm-pack-'));
    cpSync(dir, join(packDir, 'package'), { recursive: true });
    execFileSync('tar', ['-czf', tgz, '-C', packDir, 'package']);
    const fromTarball = createFarmTree();
    await addGenerator(fromTarball, { spec: tgz });
    expect(fromTarball.exists('libs/plugins/local/routers/hello.py')).toBe(true);

    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: dir });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-qm', 'plugin');
    const fromGit = createFarmTree();
    await addGenerator(fromGit, { spec: `git+file://${dir}` });
    expect(workspaceOf(fromGit).plugins['@farm/plugin-local'].source.resolved).toMatch(
      new RegExp(`^file://${dir}#[0-9a-f]{40}$`),
    );
  });

  it('refuses a folder or a .tgz without plugin.json with a catalogue code, changing nothing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'farm-empty-'));
    writeFileSync(join(empty, 'README.md'), 'not a plugin\n');
    const tree = createFarmTree();
    const changes = () => tree.listChanges().map((c) => `${c.type} ${c.path} ${c.content?.length}`);
    const before = changes();
    await expect(addGenerator(tree, { spec: empty })).rejects.toThrow(
      /^FARM_E001 \(\/tmp\/farm-empty-\w+\/plugin\.json\):\n.*has no plugin\.json: not a FARM plugin folder/,
    );
    const tgz = join(mkdtempSync(join(tmpdir(), 'farm-tgz-')), 'empty.tgz');
    execFileSync('tar', ['-czf', tgz, '-C', empty, 'README.md']);
    await expect(addGenerator(tree, { spec: tgz })).rejects.toThrow(
      /^FARM_E095 \(.*empty\.tgz\):\n.*no plugin\.json found in \/.*empty\.tgz/,
    );
    expect(changes()).toEqual(before);
  });

  it('fails listing every dependency it cannot satisfy', async () => {
    const dir = pluginFolder(
      basic('@farm/plugin-needy', {
        dependencies: [
          { name: '@farm/auth', version: '^9.0.0' },
          { name: '@farm/plugin-nowhere', version: '^1.0.0' },
        ],
      }),
    );
    // Nothing listens there: the registry lookups fail at once (npm's retries off), without leaving the machine.
    const saved = process.env.npm_config_registry;
    process.env.npm_config_registry = 'http://127.0.0.1:9/';
    process.env.npm_config_fetch_retries = '0';
    try {
      const error = await addGenerator(createFarmTree(), { spec: dir }).catch((e: Error) => e);
      expect(String(error)).toMatch(/cannot install @farm\/auth@\^9\.0\.0, needed by @farm\/plugin-needy/);
      expect(String(error)).toMatch(/cannot install @farm\/plugin-nowhere@\^1\.0\.0, needed by @farm\/plugin-needy/);
    } finally {
      if (saved === undefined) delete process.env.npm_config_registry;
      else process.env.npm_config_registry = saved;
      delete process.env.npm_config_fetch_retries;
    }
  });

  it.each([
    ['an incompatible farmVersion', basic('@farm/plugin-future', { farmVersion: '^2.0.0' }), {}, /FARM_E026/],
    [
      'a conflict with an installed plugin',
      basic('@farm/plugin-rival', { conflicts: ['@farm/auth'] }),
      {},
      /FARM_E024/,
    ],
    [
      'an invalid config',
      basic('@farm/plugin-conf', { configSchema: { type: 'object', properties: { n: { type: 'number' } } } }),
      { config: '{"n": "x"}' },
      /FARM_E040/,
    ],
  ])('refuses %s', async (_what, manifest, extra, error) => {
    const tree = createFarmTree({ plugins: ['auth'] });
    await expect(addGenerator(tree, { spec: pluginFolder(manifest), ...extra })).rejects.toThrow(error);
  });

  it('runs onInstall then onActivate with a PluginContext, and a hook can write through the Tree', async () => {
    const dir = pluginFolder(
      basic('@farm/plugin-hooks', {
        configSchema: { type: 'object', properties: { n: { type: 'number', default: 3 } } },
      }),
      {
        'package.json': JSON.stringify({ name: '@farm/plugin-hooks', main: 'index.js' }),
        'index.js': `exports.onInstall = (ctx) => ctx.tree.write('hooks.log', 'install ' + ctx.plugin.name + ' n=' + ctx.pluginConfig.n + ' farm=' + ctx.farmVersion + '\\n');
exports.onActivate = (ctx) => ctx.tree.write('hooks.log', ctx.tree.read('hooks.log', 'utf-8') + 'activate ' + ctx.environment + '\\n');`,
      },
    );
    const tree = createFarmTree();
    await addGenerator(tree, { spec: dir });
    expect(tree.read('hooks.log', 'utf-8')).toBe('install @farm/plugin-hooks n=3 farm=1.0.0\nactivate development\n');
  });

  it('says so and changes nothing when the plugin is already installed', async () => {
    const tree = createFarmTree({ plugins: ['auth'] });
    const before = tree.listChanges().length;
    await addGenerator(tree, { spec: '@farm/auth' });
    expect(tree.listChanges().length).toBe(before);
  });
});

describe('remove, activate, deactivate', () => {
  it('refuses to remove a plugin others depend on, naming them', async () => {
    const tree = createFarmTree({ plugins: ['auth', 'ai-chat'] });
    await expect(removeGenerator(tree, { name: 'auth' })).rejects.toThrow(
      /cannot remove @farm\/auth: installed plugins depend on it: @farm\/ai-chat/,
    );
  });

  it('removes a plugin: files, workspace entry and wiring', async () => {
    const tree = createFarmTree({ plugins: ['auth', 'ai-chat'] });
    await removeGenerator(tree, { name: 'ai-chat' });
    expect(tree.exists('libs/plugins/ai-chat')).toBe(false);
    expect(Object.keys(workspaceOf(tree).plugins)).toEqual(['@farm/auth']);
    expect(integration(tree)).not.toContain('chat_router');
    expect(integration(tree)).toContain('auth_router_auth_router');
  });

  it('refuses to deactivate a plugin an active plugin needs; deactivating the dependent first works', async () => {
    const tree = createFarmTree({ plugins: ['auth', 'ai-chat'] });
    await expect(deactivateGenerator(tree, { name: '@farm/auth' })).rejects.toThrow(
      /active plugins need it: @farm\/ai-chat/,
    );
    await deactivateGenerator(tree, { name: 'ai-chat' });
    await deactivateGenerator(tree, { name: 'auth' });
    expect(integration(tree)).not.toContain('include_router');
    await expect(activateGenerator(tree, { name: 'ai-chat' })).rejects.toThrow(/FARM_E030/);
    await activateGenerator(tree, { name: 'auth' });
    await activateGenerator(tree, { name: 'ai-chat' });
    expect(integration(tree)).toContain('ai__chat_router_chat_router');
  });

  it('names the installed plugins when asked for one that is not', async () => {
    await expect(activateGenerator(createFarmTree({ plugins: ['auth'] }), { name: 'atuh' })).rejects.toThrow(
      /"atuh" is not an installed plugin; did you mean auth\?/,
    );
  });
});

describe('security policy', () => {
  const strict = {
    permissions: { database: { read: true, write: false }, network: { external: false } },
    sandbox: { enabled: true },
  };

  it('add refuses a plugin that breaks the policy, and records an explicit override', async () => {
    const strictTree = () => {
      const tree = createFarmTree();
      tree.write('workspace.json', JSON.stringify({ ...workspaceOf(tree), security: strict }));
      return tree;
    };
    // A failed generator's Tree is thrown away by Nx; each attempt starts from a fresh one.
    await expect(addGenerator(strictTree(), { spec: 'auth' })).rejects.toThrow(/--allowSecurityViolations/);
    const tree = strictTree();
    await addGenerator(tree, { spec: 'auth', allowSecurityViolations: 'reviewed by the security team' });
    expect(workspaceOf(tree).plugins['@farm/auth'].securityOverride).toMatchObject({
      reason: 'reviewed by the security team',
    });
    expect(workspaceOf(tree).plugins['@farm/auth'].securityOverride.violations.length).toBeGreaterThan(0);
  });

  it('activate enforces it too', async () => {
    const tree = createFarmTree({ plugins: ['auth'] });
    await deactivateGenerator(tree, { name: 'auth' });
    tree.write('workspace.json', JSON.stringify({ ...workspaceOf(tree), security: strict }));
    await expect(activateGenerator(tree, { name: 'auth' })).rejects.toThrow(/FARM_E06/);
  });
});
