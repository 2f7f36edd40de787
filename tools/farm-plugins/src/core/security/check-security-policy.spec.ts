import { emptyUsage, type CodeUsage } from '../analyze';
import { formatProblems } from '../errors';
import { parseJsonDocument } from '../json';
import type { FarmPluginManifest } from '../manifest';
import { fixtureManifest } from '../testing/manifest-fixtures';
import type { InstalledPlugin, SecurityPolicy } from '../workspace';
import { checkSecurityPolicy } from './check-security-policy';

type Spec = Omit<Partial<FarmPluginManifest>, 'name'>;

/** The policy of this repo's workspace.json. */
const repoPolicy: SecurityPolicy = {
  permissions: {
    filesystem: { read: true, write: false },
    network: { external: true, allowedDomains: ['127.0.0.1', 'localhost'] },
    database: { read: true, write: true },
    ai: { inference: true },
  },
  limits: {},
  sandbox: { enabled: false },
};
const strict: SecurityPolicy = { permissions: {} };

const models = { backend: { models: { User: { path: './m.py', collection: 'users' } } } };
const aiProvider = { ai: { providers: { local: { path: './p.py', models: ['m'], capabilities: ['chat' as const] } } } };
const at = { file: 'libs/plugins/p/a.ts', line: 3, column: 7 };
const usage = (u: Partial<CodeUsage>): CodeUsage => ({ ...emptyUsage(), ...u });

function check(
  spec: Spec,
  policy: SecurityPolicy | undefined,
  options: { usage?: CodeUsage; installed?: Partial<InstalledPlugin> } = {},
) {
  const loaded = fixtureManifest({ name: '@farm/p', ...spec });
  const installed =
    options.installed &&
    ({
      source: { type: 'workspace', spec: 'libs/plugins/p' },
      version: '1.0.0',
      active: true,
      ...options.installed,
    } as InstalledPlugin);
  return checkSecurityPolicy({ loaded, policy, installed, usage: options.usage });
}
const summary = (r: ReturnType<typeof check>) => r.problems.map((p) => p.code + (p.severity === 'warning' ? '?' : ''));
const keys = (r: ReturnType<typeof check>) => r.violations.map((v) => v.key);

describe('checkSecurityPolicy', () => {
  it.each<[string, Spec, SecurityPolicy | undefined, CodeUsage | undefined, string[]]>([
    [
      'no security section enforces nothing',
      { ...models, ...aiProvider, permissions: { filesystem: { write: ['/'] } } },
      undefined,
      undefined,
      [],
    ],
    [
      'the repo policy lets the official shapes through',
      { ...models, ...aiProvider },
      repoPolicy,
      usage({ hosts: [{ ...at, host: '127.0.0.1', url: 'http://127.0.0.1:11434' }] }),
      [],
    ],
    [
      'backend models need database write (spec)',
      models,
      { permissions: { database: { read: true } } },
      undefined,
      ['database.write'],
    ],
    [
      'collections need database read and write',
      { database: { collections: { logs: {} } } },
      strict,
      undefined,
      ['database.read', 'database.write'],
    ],
    [
      'AI providers need the external network (spec) and inference',
      aiProvider,
      { permissions: { network: { external: false }, ai: { inference: false } } },
      undefined,
      ['network.external', 'ai.inference'],
    ],
    [
      'an ai section needs inference',
      { ai: { endpoints: { e: { path: './e.py', method: 'POST' } } } },
      strict,
      undefined,
      ['ai.inference'],
    ],
    [
      'a provider the policy does not list',
      {
        ...aiProvider,
        ai: { ...aiProvider.ai, models: { big: { provider: 'openai', config: {}, requirements: {} } } },
      },
      { permissions: { network: { external: true }, ai: { inference: true, providers: ['local'] } } },
      undefined,
      ['ai.provider:openai'],
    ],
    [
      'declared filesystem write denied',
      { permissions: { filesystem: { write: ['data/out'] } } },
      repoPolicy,
      undefined,
      ['filesystem.write'],
    ],
    [
      'declared paths outside allowedPaths',
      { permissions: { filesystem: { read: ['data/in', '/etc'] } } },
      { permissions: { filesystem: { read: true, allowedPaths: ['data'] } } },
      undefined,
      ['filesystem.path:/etc'],
    ],
    [
      'a file the code writes outside the plugin',
      {},
      repoPolicy,
      usage({ files: [{ ...at, mode: 'write', path: '/tmp/x', inside: false }] }),
      ['filesystem.write'],
    ],
    [
      'a file inside the plugin needs nothing',
      {},
      strict,
      usage({ files: [{ ...at, mode: 'write', path: 'libs/plugins/p/cache.json', inside: true }] }),
      [],
    ],
    [
      'a computed path against allowedPaths',
      {},
      { permissions: { filesystem: { read: true, allowedPaths: ['data'] } } },
      usage({ files: [{ ...at, mode: 'read', inside: false }] }),
      ['filesystem.path:*'],
    ],
    [
      'a host outside allowedDomains',
      {},
      repoPolicy,
      usage({ hosts: [{ ...at, host: 'api.openai.com', url: 'https://api.openai.com' }] }),
      ['network.domain:api.openai.com'],
    ],
    [
      'a declared domain outside allowedDomains',
      { permissions: { network: { external: true, allowedDomains: ['*.openai.com'] } } },
      { permissions: { network: { external: true, allowedDomains: ['api.openai.com'] } } },
      undefined,
      ['network.domain:*.openai.com'],
    ],
    [
      'a declared domain within a parent domain',
      { permissions: { network: { external: true, allowedDomains: ['api.openai.com', '*.openai.com'] } } },
      { permissions: { network: { external: true, allowedDomains: ['openai.com'] } } },
      undefined,
      [],
    ],
    [
      'loopback needs no external network, but must be allowed',
      {},
      { permissions: { network: { external: false, allowedDomains: ['localhost'] } } },
      usage({ hosts: [{ ...at, host: '127.0.0.1', url: 'http://127.0.0.1' }] }),
      ['network.domain:127.0.0.1'],
    ],
    [
      'a database driver in code needs database read',
      {},
      strict,
      usage({ modules: [{ ...at, module: 'pymongo' }] }),
      ['database.read'],
    ],
    ['networkCalls 0', aiProvider, { ...repoPolicy, limits: { networkCalls: 0 } }, undefined, ['limits.networkCalls']],
    ['storage 0', models, { ...repoPolicy, limits: { storage: 0 } }, undefined, ['limits.storage']],
    [
      'sandbox isolating the filesystem',
      { permissions: { filesystem: { read: ['/etc/hosts'] } } },
      { ...repoPolicy, sandbox: { enabled: true, isolateFilesystem: true } },
      undefined,
      ['sandbox.filesystem'],
    ],
    [
      'sandbox isolating the network',
      aiProvider,
      { ...repoPolicy, sandbox: { enabled: true, isolateNetwork: true } },
      usage({ hosts: [{ ...at, host: 'localhost', url: 'http://localhost' }] }),
      ['sandbox.network', 'sandbox.network:localhost'],
    ],
    [
      'sandbox allowing the host',
      {},
      { ...repoPolicy, sandbox: { enabled: true, isolateNetwork: true, allowedDomains: ['localhost'] } },
      usage({ hosts: [{ ...at, host: 'localhost', url: 'http://localhost' }] }),
      [],
    ],
    [
      'a disabled sandbox isolates nothing',
      { permissions: { filesystem: { read: ['/x'] } } },
      { ...repoPolicy, sandbox: { enabled: false, isolateFilesystem: true } },
      undefined,
      [],
    ],
  ])('%s', (_title, spec, policy, codeUsage, expected) => {
    expect(keys(check(spec, policy, { usage: codeUsage }))).toEqual(expected);
  });

  it('locates a violation in the manifest, names every source, and says how to fix it', () => {
    const r = check(
      { backend: { models: { User: { path: './u.py' }, Session: { path: './s.py' } } } },
      { permissions: { database: { read: true, write: false } } },
    );
    expect(r.problems).toHaveLength(1);
    const p = r.problems[0]!;
    expect(p).toMatchObject({
      code: 'FARM_E063',
      severity: 'error',
      plugin: '@farm/p',
      file: 'libs/plugins/p/plugin.json',
      pointer: '/backend/models/User',
    });
    expect(p.line).toBeGreaterThan(1);
    expect(p.message).toBe(
      'needs database write access, which workspace.json security.permissions.database.write does not grant (backend model User; backend model Session)',
    );
    expect(formatProblems(r.problems)).toContain(
      'fix: set security.permissions.database.write to true — or add "securityOverride": { "reason": "…" } to plugins["@farm/p"] in workspace.json',
    );
  });

  it('points a need found in code at the manifest place that would declare it', () => {
    const p = check({}, repoPolicy, {
      usage: usage({ hosts: [{ ...at, host: 'evil.example', url: 'https://evil.example/x' }] }),
    }).problems[0]!;
    expect(p).toMatchObject({ code: 'FARM_E062', pointer: '/permissions/network/allowedDomains' });
    expect(p.message).toContain('code at libs/plugins/p/a.ts:3:7');
  });

  describe('securityOverride', () => {
    const denied: SecurityPolicy = { permissions: { database: { read: true } } };
    it.each<[string, Partial<InstalledPlugin> | undefined, string[]]>([
      ['none: errors', undefined, ['FARM_E063']],
      [
        'with a reason: warnings naming it',
        { securityOverride: { reason: 'audited by the platform team' } },
        ['FARM_E066?'],
      ],
      ['a blank reason overrides nothing', { securityOverride: { reason: '   ' } }, ['FARM_E067', 'FARM_E063']],
      [
        'a violations list limits what it covers',
        { securityOverride: { reason: 'r', violations: ['network'] } },
        ['FARM_E063', 'FARM_E068?'],
      ],
      [
        'an entry may be a code, key or key prefix',
        { securityOverride: { reason: 'r', violations: ['FARM_E063'] } },
        ['FARM_E066?'],
      ],
      ['an override with nothing to cover', { securityOverride: { reason: 'r' } }, ['FARM_E068?']],
    ])('%s', (title, installed, expected) => {
      const spec = title.includes('nothing to cover') ? {} : models;
      expect(summary(check(spec, denied, { installed }))).toEqual(expected);
    });

    it('names the override and its reason in the warning, located in the manifest', () => {
      const p = check(models, { permissions: {} }, { installed: { securityOverride: { reason: 'audited' } } })
        .problems[0]!;
      expect(p.message).toBe(
        'allowed by its securityOverride in workspace.json (reason: "audited"): FARM_E063 database.read: needs database read access, which workspace.json security.permissions.database.read does not grant (backend model User)',
      );
      expect(p.file).toBe('libs/plugins/p/plugin.json');
    });

    it('locates override problems in workspace.json', () => {
      const text = JSON.stringify({ plugins: { '@farm/p': { securityOverride: { reason: ' ' } } } }, null, 2);
      const parsed = parseJsonDocument(text);
      if (!('document' in parsed)) throw new Error('fixture');
      const loaded = fixtureManifest({ name: '@farm/p' });
      const installed = {
        source: { type: 'workspace' as const, spec: 'x' },
        version: '1.0.0',
        active: true,
        securityOverride: { reason: ' ' },
      };
      const p = checkSecurityPolicy({ loaded, policy: strict, installed, workspaceDocument: parsed.document })
        .problems[0]!;
      expect(p).toMatchObject({
        code: 'FARM_E067',
        file: 'workspace.json',
        pointer: '/plugins/@farm~1p/securityOverride/reason',
        line: 5,
      });
    });
  });

  it('works without code analysis, as the add / activate generators call it', () => {
    const r = check({ ...aiProvider, permissions: { env: ['X'] } }, repoPolicy);
    expect(r.problems).toEqual([]);
    expect(r.needs.map((n) => n.kind)).toEqual(['network', 'ai', 'ai']);
  });
});
