import { formatProblems } from '../errors';
import type { CodeKind } from '../manifest';
import { planFixtures } from '../testing/plan-fixtures';
import { entryNameProblems, localName } from './entry-names';

const kinds: CodeKind[] = [
  'component',
  'hook',
  'router',
  'middleware',
  'task',
  'model',
  'provider',
  'pipeline',
  'endpoint',
];

/** The inverse of localName: proves it injective (a function with a left inverse is). */
function decode(local: string): [string, CodeKind, string] {
  let alias = '';
  let i = 0;
  for (; i < local.length; i++) {
    if (local[i] !== '_') alias += local[i];
    else if (local[i + 1] === '_') alias += local[i++];
    else break;
  }
  const rest = local.slice(i + 1);
  const kind = kinds.find((k) => rest.startsWith(`${k}_`))!;
  return [alias, kind, rest.slice(kind.length + 1)];
}

describe('localName', () => {
  it.each<[string, [string, CodeKind, string], [string, CodeKind, string]]>([
    ['a_ + b and a + _b (both a___b before)', ['a_', 'router', 'b'], ['a', 'router', '_b']],
    ['a__b + c and a + b__c (both a__b__c before)', ['a__b', 'task', 'c'], ['a', 'task', 'b__c']],
    ['a_b + c and a + b_c', ['a_b', 'model', 'c'], ['a', 'model', 'b_c']],
    ['a router and a model of one plugin with one key', ['auth', 'router', 'users'], ['auth', 'model', 'users']],
    ['an alias that looks like alias + kind', ['a_router', 'task', 'x'], ['a', 'router', 'task_x']],
    ['a digit-led alias and its neighbour', ['_3d', 'component', 'View'], ['__3d', 'component', 'View']],
  ])('tells apart %s', (_title, one, other) => {
    expect(localName(...one)).not.toBe(localName(...other));
  });

  it('is decodable, hence injective over (plugin alias, kind, key)', () => {
    const aliases = ['a', 'a_', '_a', 'a_b', 'a__b', 'ai_chat', '_3d', 'x_router', 'router'];
    const keys = ['b', '_b', 'b_', 'b__c', 'router', 'task_x', '$el', 'useX'];
    for (const alias of aliases)
      for (const kind of kinds)
        for (const key of keys) expect(decode(localName(alias, kind, key))).toEqual([alias, kind, key]);
  });

  it('reads like the entry', () => {
    expect(localName('auth', 'router', 'users')).toBe('auth_router_users');
    expect(localName('ai_chat', 'provider', 'ollama')).toBe('ai__chat_provider_ollama');
  });
});

describe('entryNameProblems', () => {
  it.each<[string, CodeKind, string, { export?: string }, string[]]>([
    ['a Python key without export', 'router', 'users', {}, []],
    [
      'a Python keyword as the key, no export',
      'task',
      'class',
      {},
      [': "class" is not a Python identifier (or is a keyword)'],
    ],
    ['a Python keyword as the key, with an export', 'task', 'class', { export: 'klass' }, []],
    [
      'a Python keyword as the export',
      'router',
      'users',
      { export: 'import' },
      ['/export: "import" is not a Python identifier (or is a keyword)'],
    ],
    [
      'a $ in a Python key with an export',
      'router',
      'a$',
      { export: 'router' },
      [': "a$" cannot be part of a Python name (letters, digits, _)'],
    ],
    ['a component exporting default', 'component', 'Card', { export: 'default' }, []],
    ['a component with a named export', 'component', 'Card', { export: 'CardView' }, []],
    [
      'a reserved word as a component export',
      'component',
      'Card',
      { export: 'class' },
      ['/export: export "class" is not a TypeScript identifier (or is a reserved word)'],
    ],
    [
      'a reserved word as a hook key',
      'hook',
      'delete',
      {},
      [': "delete" is not a TypeScript identifier (or is a reserved word)'],
    ],
  ])('%s', (_title, kind, key, entry, expected) => {
    expect(entryNameProblems(kind, key, entry).map((p) => `${p.at}: ${p.message}`)).toEqual(expected);
  });
});

describe('plan: entry keys are names within a plugin', () => {
  const routerPlugin = (name: string, key: string, prefix: string) => ({
    name,
    backend: { routers: { [key]: { path: './routers/users.py', export: 'router', prefix } } },
  });

  it('plans three plugins whose routers share the key and the export, each under its own local', () => {
    const { plan, problems } = planFixtures([
      routerPlugin('@t/one', 'users', '/one'),
      routerPlugin('@t/two', 'users', '/two'),
      routerPlugin('@t/three', 'items', '/three'),
    ]);
    expect(formatProblems(problems)).toBe('');
    expect(plan.backend.routers.map((r) => [r.export, r.local, r.module])).toEqual([
      ['router', 'one_router_users', 'farm_plugins.one.routers.users'],
      ['router', 'three_router_items', 'farm_plugins.three.routers.users'],
      ['router', 'two_router_users', 'farm_plugins.two.routers.users'],
    ]);
  });

  it('plans routers of several plugins under one prefix, or none, as FastAPI includes them (URLs are the gate’s)', () => {
    const { plan, problems } = planFixtures([
      routerPlugin('@t/one', 'users', '/api'),
      routerPlugin('@t/two', 'users', '/api'),
      routerPlugin('@t/three', 'items', ''),
      routerPlugin('@t/four', 'items', ''),
    ]);
    expect(formatProblems(problems)).toBe('');
    expect(plan.backend.routers.map((r) => [r.plugin, r.prefix])).toEqual([
      ['@t/four', ''],
      ['@t/one', '/api'],
      ['@t/three', ''],
      ['@t/two', '/api'],
    ]);
  });

  it('compares models by collection, the implied one (class name + s) included, not by key', () => {
    const model = (name: string, key: string, entry: object) => ({
      name,
      backend: { models: { [key]: { path: './models.py', ...entry } } },
    });
    const apart = planFixtures([model('@t/one', 'User', {}), model('@t/two', 'User', { collection: 'members' })]);
    expect(formatProblems(apart.problems)).toBe('');
    const clash = planFixtures([model('@t/one', 'User', {}), model('@t/two', 'Account', { export: 'User' })]);
    expect(clash.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^collection "users" is contributed by both @t\/one/),
    ]);
  });

  it('gives every entry of the plan a distinct local, across plugins and kinds', () => {
    // Plugin folders a- and a (aliases a_ and a), keys b and _b, one key for a router and a model.
    const { plan, problems } = planFixtures([
      {
        name: '@t/a-',
        backend: {
          routers: { b: { path: './r.py', prefix: '/a1' } },
          models: { b: { path: './m.py', collection: 'c1' } },
        },
      },
      { name: '@t/a', backend: { routers: { _b: { path: './r.py', prefix: '/a2' } } } },
    ]);
    expect(formatProblems(problems)).toBe('');
    const locals = [...plan.backend.routers, ...plan.backend.models].map((s) => s.local);
    expect(new Set(locals).size).toBe(locals.length);
  });

  it('routes to a declared component through its export', () => {
    const { plan } = planFixtures([
      {
        name: '@t/ui',
        frontend: {
          components: { Card: { path: './Card.tsx', export: 'CardView' } },
          routes: [
            { path: '/card', component: 'Card' },
            { path: '/page', component: 'Page', file: './Page.tsx' },
          ],
        },
      },
    ]);
    expect(plan.frontend.routes.map((r) => [r.path, r.export])).toEqual([
      ['/card', 'CardView'],
      ['/page', 'default'],
    ]);
  });
});
