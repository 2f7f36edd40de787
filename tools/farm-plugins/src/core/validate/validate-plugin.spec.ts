import { emptyUsage, type PluginCodeAnalysis } from '../analyze';
import { problem } from '../errors';
import type { FarmState } from '../state';
import { fixtureManifest, fixtureWorkspace } from '../testing/manifest-fixtures';
import type { SecurityPolicy } from '../workspace';
import { validatePlugin } from './validate-plugin';

const root = 'libs/plugins/chat';

function state(policy?: SecurityPolicy, override?: { reason: string }): FarmState {
  const manifests = [
    fixtureManifest({
      name: '@farm/chat',
      backend: { models: { Msg: { path: './m.py' } } },
      dependencies: [{ name: '@farm/auth', version: '^2.0.0' }],
    }),
    fixtureManifest({ name: '@farm/auth' }),
  ];
  const workspace = { ...fixtureWorkspace(manifests), security: policy };
  if (override) workspace.plugins['@farm/chat']!.securityOverride = override;
  return { workspace, manifests, problems: [] };
}

const analysis = (overrides: Partial<PluginCodeAnalysis> = {}): PluginCodeAnalysis => ({
  problems: [],
  suppressed: [],
  usage: emptyUsage(),
  files: [],
  ...overrides,
});
const codes = (problems: ReturnType<typeof validatePlugin>) =>
  problems.map((p) => p.code + (p.severity === 'warning' ? '?' : '')).sort();

describe('validatePlugin', () => {
  it('reports the graph, the code analysis and the security policy in one pass', () => {
    const code = analysis({
      problems: [
        problem('FARM_E070', '[eval] eval runs a string as code', {
          plugin: '@farm/chat',
          file: `${root}/a.ts`,
          line: 1,
          column: 1,
        }),
      ],
      usage: {
        ...emptyUsage(),
        hosts: [{ file: `${root}/a.ts`, line: 2, column: 1, host: 'evil.example', url: 'https://evil.example' }],
      },
    });
    const problems = validatePlugin(
      state({ permissions: { network: { external: true, allowedDomains: ['localhost'] }, database: { read: true } } }),
      root,
      { analysis: code },
    );
    expect(codes(problems)).toEqual(['FARM_E021', 'FARM_E062', 'FARM_E063', 'FARM_E070']);
  });

  it('checks the policy from the manifest alone when no analysis is given', () => {
    expect(codes(validatePlugin(state({ permissions: {} }), root))).toEqual(['FARM_E021', 'FARM_E063', 'FARM_E063']);
  });

  it('turns covered violations into warnings when the installed entry has a securityOverride', () => {
    expect(codes(validatePlugin(state({ permissions: {} }, { reason: 'reviewed' }), root))).toEqual([
      'FARM_E021',
      'FARM_E066?',
      'FARM_E066?',
    ]);
  });

  it('checks declared runtimes', () => {
    const s = state();
    s.manifests[0]!.manifest.nodeVersion = '>=99';
    expect(codes(validatePlugin(s, root, { runtimes: { node: '20.20.2' } }))).toEqual(['FARM_E021', 'FARM_E027']);
  });

  it('fails every plugin of a cycle and both sides of a conflict, each in its own manifest', () => {
    const manifests = [
      fixtureManifest({
        name: '@farm/a',
        dependencies: [{ name: '@farm/b', version: '^1.0.0' }],
        conflicts: ['@farm/c'],
      }),
      fixtureManifest({ name: '@farm/b', dependencies: [{ name: '@farm/a', version: '^1.0.0' }] }),
      fixtureManifest({ name: '@farm/c' }),
    ];
    const s: FarmState = { workspace: fixtureWorkspace(manifests), manifests, problems: [] };
    const of = (root: string) => validatePlugin(s, root).map((p) => `${p.code} ${p.file} ${p.pointer} ${p.message}`);
    expect(of('libs/plugins/a')).toEqual([
      'FARM_E025 libs/plugins/a/plugin.json /dependencies/0 dependency cycle: @farm/a → @farm/b → @farm/a',
      'FARM_E024 libs/plugins/a/plugin.json /conflicts/0 conflicts with @farm/c; they cannot be active together',
    ]);
    expect(of('libs/plugins/b')).toEqual([
      'FARM_E025 libs/plugins/b/plugin.json /dependencies/0 dependency cycle: @farm/b → @farm/a → @farm/b',
    ]);
    expect(of('libs/plugins/c')).toEqual([
      'FARM_E024 libs/plugins/c/plugin.json /name conflicts with @farm/a (declared by @farm/a); they cannot be active together',
    ]);
  });
});
