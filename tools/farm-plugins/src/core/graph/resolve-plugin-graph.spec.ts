import { formatProblems, type FarmErrorCode } from '../errors';
import type { FarmPluginManifest } from '../manifest';
import { fixtureManifest, fixtureWorkspace } from '../testing/manifest-fixtures';
import { resolvePluginGraph, type ResolverInput } from './resolve-plugin-graph';

type Spec = Partial<FarmPluginManifest> & { name: string };

function resolve(
  specs: Spec[],
  options: Parameters<typeof fixtureWorkspace>[1] &
    Partial<Pick<ResolverInput, 'runtimes' | 'select'>> & { notInstalled?: string[] } = {},
) {
  const manifests = specs.map(fixtureManifest);
  const workspace = fixtureWorkspace(
    manifests.filter((m) => !options.notInstalled?.includes(m.manifest.name)),
    options,
  );
  return resolvePluginGraph({ manifests, workspace, runtimes: options.runtimes, select: options.select });
}

const codes = (r: ReturnType<typeof resolve>) => r.problems.map((p) => p.code);
const order = (r: ReturnType<typeof resolve>) => r.order.map((p) => p.name);
const dep = (name: string, version = '^1.0.0', extra: object = {}) => ({ name, version, ...extra });

describe('resolvePluginGraph', () => {
  it('orders dependencies first and breaks ties by name', () => {
    const r = resolve([
      { name: '@farm/c', dependencies: [dep('@farm/a')] },
      { name: '@farm/b' },
      { name: '@farm/a' },
      { name: '@farm/d', dependencies: [dep('@farm/c'), dep('@farm/b')] },
    ]);
    expect(r.problems).toEqual([]);
    expect(order(r)).toEqual(['@farm/a', '@farm/b', '@farm/c', '@farm/d']);
  });

  it('gives the same order whatever order the manifests come in', () => {
    const specs: Spec[] = [
      { name: '@farm/z' },
      { name: '@farm/m', dependencies: [dep('@farm/z')] },
      { name: '@farm/a' },
    ];
    expect(order(resolve(specs))).toEqual(order(resolve([...specs].reverse())));
    expect(order(resolve(specs))).toEqual(['@farm/a', '@farm/z', '@farm/m']);
  });

  it.each<[string, Spec[], Parameters<typeof resolve>[1], FarmErrorCode[], RegExp]>([
    [
      'missing dependency with a close-name suggestion',
      [{ name: '@farm/chat', dependencies: [dep('@farm/atuh')] }, { name: '@farm/auth' }],
      {},
      ['FARM_E020'],
      /did you mean @farm\/auth/,
    ],
    [
      'unmet dependency range',
      [
        { name: '@farm/chat', dependencies: [dep('@farm/auth', '^2.0.0')] },
        { name: '@farm/auth', version: '1.4.0' },
      ],
      {},
      ['FARM_E021'],
      /needs @farm\/auth \^2\.0\.0 but 1\.4\.0 is installed/,
    ],
    [
      'missing peer dependency',
      [{ name: '@farm/chat', peerDependencies: [dep('@farm/ui')] }],
      {},
      ['FARM_E022'],
      /needs @farm\/ui/,
    ],
    [
      'unmet peer range',
      [{ name: '@farm/chat', peerDependencies: [dep('@farm/ui', '>=3')] }, { name: '@farm/ui' }],
      {},
      ['FARM_E023'],
      /needs @farm\/ui >=3 but 1\.0\.0/,
    ],
    [
      'conflict declared on one side',
      [{ name: '@farm/a', conflicts: ['@farm/b'] }, { name: '@farm/b' }],
      {},
      ['FARM_E024'],
      /conflicts with @farm\/b/,
    ],
    [
      'conflict declared on the other side',
      [{ name: '@farm/a' }, { name: '@farm/b', conflicts: ['@farm/a'] }],
      {},
      ['FARM_E024'],
      /@farm\/b.*conflicts with @farm\/a/s,
    ],
    [
      'conflict declared on both sides is reported once',
      [
        { name: '@farm/a', conflicts: ['@farm/b'] },
        { name: '@farm/b', conflicts: ['@farm/a'] },
      ],
      {},
      ['FARM_E024'],
      /declared by both/,
    ],
    [
      'cycle of two',
      [
        { name: '@farm/a', dependencies: [dep('@farm/b')] },
        { name: '@farm/b', dependencies: [dep('@farm/a')] },
      ],
      {},
      ['FARM_E025'],
      /@farm\/a → @farm\/b → @farm\/a/,
    ],
    [
      'cycle of three, full path',
      [
        { name: '@farm/c', dependencies: [dep('@farm/a')] },
        { name: '@farm/a', dependencies: [dep('@farm/b')] },
        { name: '@farm/b', dependencies: [dep('@farm/c')] },
      ],
      {},
      ['FARM_E025'],
      /@farm\/a → @farm\/b → @farm\/c → @farm\/a/,
    ],
    ['self dependency', [{ name: '@farm/a', dependencies: [dep('@farm/a')] }], {}, ['FARM_E029'], /lists itself/],
    [
      'farmVersion against the host',
      [{ name: '@farm/a', farmVersion: '^2.0.0' }],
      {},
      ['FARM_E026'],
      /needs FARM \^2\.0\.0 but 1\.0\.0/,
    ],
    [
      'nodeVersion against the runtime',
      [{ name: '@farm/a', nodeVersion: '>=22' }],
      { runtimes: { node: '20.20.2' } },
      ['FARM_E027'],
      /Node\.js >=22 but 20\.20\.2/,
    ],
    [
      'pythonVersion against the runtime',
      [{ name: '@farm/a', pythonVersion: '>=3.12' }],
      { runtimes: { python: '3.11.2' } },
      ['FARM_E028'],
      /Python >=3\.12 but 3\.11\.2/,
    ],
    [
      'inactive dependency',
      [{ name: '@farm/chat', dependencies: [dep('@farm/auth')] }, { name: '@farm/auth' }],
      { inactive: ['@farm/auth'] },
      ['FARM_E030'],
      /installed but inactive/,
    ],
    [
      'dependency present on disk but not installed',
      [{ name: '@farm/chat', dependencies: [dep('@farm/auth')] }, { name: '@farm/auth' }],
      { notInstalled: ['@farm/auth'] },
      ['FARM_E020'],
      /not installed/,
    ],
  ])('%s', (_title, specs, options, expected, message) => {
    const r = resolve(specs, options);
    expect(codes(r)).toEqual(expected);
    expect(formatProblems(r.problems)).toMatch(message);
  });

  it('skips a missing optional dependency but still checks the range of a present one', () => {
    expect(
      resolve([{ name: '@farm/a', dependencies: [dep('@farm/nope', '^1.0.0', { optional: true })] }]).problems,
    ).toEqual([]);
    expect(
      codes(
        resolve([
          { name: '@farm/a', dependencies: [dep('@farm/b', '^2.0.0', { optional: true })] },
          { name: '@farm/b' },
        ]),
      ),
    ).toEqual(['FARM_E021']);
  });

  it('reports every problem in one pass', () => {
    const r = resolve([
      { name: '@farm/a', farmVersion: '^9.0.0', dependencies: [dep('@farm/missing')], conflicts: ['@farm/b'] },
      { name: '@farm/b', dependencies: [dep('@farm/c', '^5.0.0')] },
      { name: '@farm/c' },
    ]);
    expect(codes(r).sort()).toEqual(['FARM_E020', 'FARM_E021', 'FARM_E024', 'FARM_E026']);
  });

  it('locates a problem in the manifest: file, pointer, line and column', () => {
    const p = resolve([{ name: '@farm/chat', dependencies: [dep('@farm/auth', '^2.0.0')] }, { name: '@farm/auth' }])
      .problems[0]!;
    expect(p).toMatchObject({
      plugin: '@farm/chat',
      file: 'libs/plugins/chat/plugin.json',
      pointer: '/dependencies/0/version',
    });
    expect(p.line).toBeGreaterThan(1);
    expect(formatProblems([p])).toContain('libs/plugins/chat/plugin.json:');
    expect(formatProblems([p])).toContain('fix: nx g @farm/plugins:update auth');
  });

  it('leaves out inactive plugins and their conflicts', () => {
    const r = resolve([{ name: '@farm/a', conflicts: ['@farm/b'] }, { name: '@farm/b' }], { inactive: ['@farm/b'] });
    expect(r.problems).toEqual([]);
    expect(order(r)).toEqual(['@farm/a']);
  });

  it('closes an explicit selection over the dependencies on disk', () => {
    const r = resolve(
      [{ name: '@farm/chat', dependencies: [dep('@farm/auth')] }, { name: '@farm/auth' }, { name: '@farm/other' }],
      { notInstalled: ['@farm/chat', '@farm/auth'], select: ['@farm/chat'] },
    );
    expect(r.problems).toEqual([]);
    expect(order(r)).toEqual(['@farm/auth', '@farm/chat']);
  });

  it('validates config and fills nested defaults', () => {
    const configSchema = {
      type: 'object' as const,
      properties: {
        jwt: {
          type: 'object',
          properties: { secret: { type: 'string' }, expiration: { type: 'string', default: '24h' } },
        },
        maxTokens: { type: 'number', default: 1000 },
      },
    };
    const ok = resolve([{ name: '@farm/auth', configSchema }], { config: { '@farm/auth': { jwt: { secret: 's' } } } });
    expect(ok.problems).toEqual([]);
    expect(ok.order[0]!.config).toEqual({ jwt: { secret: 's', expiration: '24h' }, maxTokens: 1000 });
    const bad = resolve([{ name: '@farm/auth', configSchema }], { config: { '@farm/auth': { maxTokens: 'many' } } });
    expect(codes(bad)).toEqual(['FARM_E040']);
    expect(bad.problems[0]).toMatchObject({ file: 'workspace.json', pointer: '/plugins/@farm~1auth/config/maxTokens' });
  });
});

describe('resolvePluginGraph and a plugin.json that exists but was refused (issue 12)', () => {
  const installedX = {
    source: { type: 'workspace' as const, spec: 'libs/plugins/x' },
    version: '1.0.0',
    active: true,
    config: {},
  };
  const y = fixtureManifest({ name: '@farm/y', dependencies: [dep('@farm/x')], peerDependencies: [dep('@farm/x')] });
  const workspace = { ...fixtureWorkspace([y]), plugins: { ...fixtureWorkspace([y]).plugins, '@farm/x': installedX } };

  it('never calls it missing: its own load problem is the one to fix', () => {
    const refused = resolvePluginGraph({ manifests: [y], workspace, refusedManifests: ['libs/plugins/x/plugin.json'] });
    expect(refused.problems.map((p) => p.code)).toEqual(['FARM_E020', 'FARM_E022']);
    expect(refused.problems[0]).toMatchObject({
      plugin: '@farm/y',
      pointer: '/dependencies/0/name',
      message:
        'needs @farm/x ^1.0.0, whose libs/plugins/x/plugin.json has errors (reported there): it cannot be checked until they are fixed',
      fix: 'fix libs/plugins/x/plugin.json',
    });
    expect(refused.problems[1]!.message).toContain('whose libs/plugins/x/plugin.json has errors');
  });

  it('still reports a folder that is really missing, without suggesting the name itself', () => {
    const missing = resolvePluginGraph({ manifests: [y], workspace, refusedManifests: [] });
    expect(missing.problems.map((p) => [p.code, p.message])).toEqual([
      ['FARM_E012', 'workspace.json lists "@farm/x" but libs/plugins/x/plugin.json does not exist'],
      ['FARM_E020', 'needs @farm/x ^1.0.0, which is not installed'],
      ['FARM_E022', 'needs @farm/x ^1.0.0, which is not installed'],
    ]);
  });
});
