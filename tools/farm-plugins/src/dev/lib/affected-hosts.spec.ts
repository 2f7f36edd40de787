import { affectedHosts, isManifest, readSourceState, type SourceChange } from './affected-hosts';

const manifestPath = 'libs/plugins/auth/plugin.json';
const base = {
  name: '@farm/auth',
  version: '1.0.0',
  frontend: { components: { LoginForm: { path: './components/LoginForm.tsx' } } },
  backend: { routers: { auth_router: { path: './routers/auth.py', prefix: '/auth' } } },
};
const existing = [
  'libs/plugins/auth/routers',
  'libs/plugins/auth/routers/auth.py',
  'libs/plugins/auth/components',
  'libs/plugins/auth/components/LoginForm.tsx',
  'libs/plugins/auth/README.md',
];

/** A fake disk: the manifest before and after, and which files exist after the batch. */
function run(changes: SourceChange[], before: unknown, after: unknown, filesAfter: string[] = existing) {
  const text = (v: unknown) => (v === null ? null : typeof v === 'string' ? v : JSON.stringify(v));
  let manifest = text(before);
  const state = readSourceState([manifestPath], existing, (p) => (p === manifestPath ? manifest : null));
  manifest = text(after);
  const after_ = new Set(filesAfter);
  const result = affectedHosts(changes, state, {
    readManifest: (p) => (p === manifestPath ? manifest : null),
    exists: (p) => after_.has(p),
  });
  return { hosts: [...result.hosts].sort(), reasons: result.reasons, state };
}

const edit = (path = manifestPath): SourceChange[] => [{ path, kind: 'change' }];

describe('affectedHosts', () => {
  it.each([
    [
      'a new backend router',
      { ...base, backend: { routers: { ...base.backend.routers, ping: { path: './routers/ping.py' } } } },
      ['backend'],
    ],
    ['an ai section', { ...base, ai: { providers: {} } }, ['backend']],
    [
      'a new frontend route',
      { ...base, frontend: { ...base.frontend, routes: [{ path: '/x', component: 'X' }] } },
      ['frontend'],
    ],
    ['both sections', { ...base, frontend: {}, backend: {} }, ['backend', 'frontend']],
    ['the version (resolution and config feed both)', { ...base, version: '1.1.0' }, ['backend', 'frontend']],
    ['a new top-level key', { ...base, configSchema: { type: 'object' } }, ['backend', 'frontend']],
    // Issue 15: the table of kinds says the backend alone serves `database` (it used to pick both).
    [
      'only a database collection',
      { ...base, database: { collections: { sessions: { indexes: ['user_id'] } } } },
      ['backend'],
    ],
    [
      'only the frontend npm dependencies',
      { ...base, frontend: { ...base.frontend, dependencies: [{ name: 'nanoid', version: '^5.0.0' }] } },
      ['frontend'],
    ],
    [
      'only the backend pip dependencies',
      { ...base, backend: { ...base.backend, dependencies: [{ name: 'httpx' }] } },
      ['backend'],
    ],
    [
      'a key no kind owns inside a section (invalid: both report it)',
      { ...base, frontend: { ...base.frontend, widgets: {} } },
      ['backend', 'frontend'],
    ],
    ['a section that is not an object (invalid: both report it)', { ...base, database: 5 }, ['backend', 'frontend']],
    ['whitespace only', base, []],
  ])('a manifest edit changing %s integrates %j', (_, after, hosts) => {
    expect(run(edit(), base, after).hosts).toEqual(hosts);
  });

  it('a manifest that breaks or recovers goes to both hosts (so the error is reported, then cleared)', () => {
    const broken = run(edit(), base, '{ "name": ');
    expect(broken.hosts).toEqual(['backend', 'frontend']);
    expect(broken.state.manifests.get(manifestPath)).toBeNull();
    expect(run(edit(), '{ "name": ', base).hosts).toEqual(['backend', 'frontend']);
  });

  it('a byte order mark added or removed changes nothing (the manifest reads the same)', () => {
    expect(run(edit(), base, `\uFEFF${JSON.stringify(base)}`).hosts).toEqual([]);
    expect(run(edit(), `\uFEFF${JSON.stringify(base)}`, { ...base, ai: { providers: {} } }).hosts).toEqual(['backend']);
  });

  it('a manifest that appears or disappears goes to both hosts', () => {
    expect(run(edit(), base, null).hosts).toEqual(['backend', 'frontend']);
    expect(run(edit(), null, base).hosts).toEqual(['backend', 'frontend']);
  });

  it('the next edit is compared with the manifest as it is now', () => {
    const { state } = run(edit(), base, { ...base, frontend: {} });
    const next = { ...base, frontend: {}, backend: {} };
    const result = affectedHosts(edit(), state, { readManifest: () => JSON.stringify(next), exists: () => true });
    expect([...result.hosts]).toEqual(['backend']);
  });

  it('workspace.json goes to both hosts', () => {
    expect(run([{ path: 'workspace.json', kind: 'change' }], base, base).hosts).toEqual(['backend', 'frontend']);
  });

  const created = (path: string) => [...existing, path];
  it.each([
    ['a new .py file', 'libs/plugins/auth/routers/ping.py', created('libs/plugins/auth/routers/ping.py'), ['backend']],
    [
      'a new component',
      'libs/plugins/auth/components/Ping.tsx',
      created('libs/plugins/auth/components/Ping.tsx'),
      ['frontend'],
    ],
    ['a new stylesheet', 'libs/plugins/auth/auth.css', created('libs/plugins/auth/auth.css'), ['frontend']],
    [
      'a new .mts Vite plugin module',
      'libs/plugins/auth/vite/inspect.mts',
      created('libs/plugins/auth/vite/inspect.mts'),
      ['frontend'],
    ],
    [
      'a deleted component',
      'libs/plugins/auth/components/LoginForm.tsx',
      existing.filter((f) => !f.endsWith('LoginForm.tsx')),
      ['frontend'],
    ],
    [
      'a deleted folder',
      'libs/plugins/auth/components',
      existing.filter((f) => !f.includes('/components')),
      ['backend', 'frontend'],
    ],
    ['a new README', 'libs/plugins/auth/NOTES.md', created('libs/plugins/auth/NOTES.md'), []],
    ['an editor replacing auth.py by rename', 'libs/plugins/auth/routers/auth.py', existing, []],
    ['an editor replacing LoginForm.tsx by rename', 'libs/plugins/auth/components/LoginForm.tsx', existing, []],
  ])('%s (rename event) integrates %j: only existence matters to integrate', (_, path, filesAfter, hosts) => {
    expect(run([{ path, kind: 'rename' }], base, base, filesAfter).hosts).toEqual(hosts);
  });

  it('contents edits integrate nothing: uvicorn --reload and Vite HMR handle them', () => {
    expect(
      run(
        [
          { path: 'libs/plugins/auth/routers/auth.py', kind: 'change' },
          { path: 'libs/plugins/auth/components/LoginForm.tsx', kind: 'change' },
        ],
        base,
        base,
      ).hosts,
    ).toEqual([]);
  });

  it("forgets a deleted folder's files, so re-creating one counts as new", () => {
    const { state } = run(
      [{ path: 'libs/plugins/auth/components', kind: 'rename' }],
      base,
      base,
      existing.filter((f) => !f.includes('/components')),
    );
    expect([...state.files].filter((f) => f.includes('/components'))).toEqual([]);
  });

  it('explains each pick, one line per file, sorted', () => {
    const { reasons } = run(
      [
        { path: 'libs/plugins/auth/routers/ping.py', kind: 'rename' },
        { path: 'workspace.json', kind: 'change' },
        { path: 'libs/plugins/auth/routers/ping.py', kind: 'change' },
      ],
      base,
      base,
      created('libs/plugins/auth/routers/ping.py'),
    );
    expect(reasons).toEqual(['libs/plugins/auth/routers/ping.py → backend', 'workspace.json → backend, frontend']);
  });
});

describe('affectedHosts while a host is failing (issue 12 F4)', () => {
  const retry = (changes: SourceChange[], failing: string[], after: unknown = base) => {
    const state = readSourceState([manifestPath], existing, () => JSON.stringify(base));
    const result = affectedHosts(
      changes,
      state,
      { readManifest: () => JSON.stringify(after), exists: (p) => existing.includes(p) },
      new Set(failing as ('backend' | 'frontend')[]),
    );
    return { hosts: [...result.hosts].sort(), reasons: result.reasons };
  };

  it.each([
    ['a component edited in place', 'libs/plugins/auth/components/LoginForm.tsx', 'change', ['frontend']],
    ['a router module saved by rename', 'libs/plugins/auth/routers/auth.py', 'rename', ['backend']],
    ['a README (the failure may be anywhere in the plugins)', 'libs/plugins/auth/README.md', 'change', ['frontend']],
    ['the manifest saved with the same bytes', manifestPath, 'change', ['backend']],
  ] as const)('%s retries the failing host', (_, path, kind, failing) => {
    expect(retry([{ path, kind }], [...failing])).toEqual({
      hosts: failing,
      reasons: [`${path} → ${failing.join(', ')} (retry: failing)`],
    });
  });

  it('adds the failing host to what the change itself affects, saying which is which', () => {
    const after = { ...base, backend: { routers: { ...base.backend.routers, ping: { path: './routers/ping.py' } } } };
    expect(retry(edit(), ['frontend'], after)).toEqual({
      hosts: ['backend', 'frontend'],
      reasons: [`${manifestPath} → backend, frontend (retry: failing)`],
    });
  });

  it('a healthy loop still leaves contents edits to the servers', () => {
    expect(retry([{ path: 'libs/plugins/auth/components/LoginForm.tsx', kind: 'change' }], [])).toEqual({
      hosts: [],
      reasons: [],
    });
  });
});

describe('isManifest', () => {
  it.each([
    ['libs/plugins/auth/plugin.json', true],
    ['libs/plugins/auth/sub/plugin.json', false],
    ['libs/plugin.json', false],
    ['apps/x/plugin.json', false],
  ])('%s → %s', (path, expected) => expect(isManifest(path)).toBe(expected));
});
