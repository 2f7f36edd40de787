import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import addGenerator from '../../generators/add/add';
import type { IntegrationPlan } from '../core/plan';
import { createFarmTree } from '../testing/farm-tree';
import { folderPlugin, removeFolderPlugins } from '../testing/folder-plugin';
import { repoRoot } from '../testing/temp-workspace';
import { writeTree } from '../testing/write-tree';
import { planOf, pluginsToImport, recordEntries, routeRecordFile, routeRecordPath } from './route-record';
import type { GateRoute } from './run-backend-gate';

// Nx's own FsTree over a real folder, as `nx g` uses it: what add changes exists only in the Tree.
const { FsTree, flushChanges } = require('nx/src/generators/tree');

/** A plugin with one router at `prefix` whose module answers GET `path`. */
function routerPlugin(name: string, prefix: string, path: string, extra: object = {}): string {
  const short = name.split('/')[1]!;
  return folderPlugin(
    name,
    { backend: { routers: { router: { path: './routers/api.py', prefix, tags: ['t'] } } }, ...extra },
    { 'routers/api.py': routerSource(path, short) },
  );
}
// Each folder unique: the record is kept by content, so the same plugin added by an earlier run is known.
let made = 0;
const routerSource = (path: string, short: string) =>
  `# ${process.pid}-${Date.now()}-${made++}\nfrom fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n@router.get(${JSON.stringify(path)})\nasync def ${short}() -> dict:\n    return {}\n`;

const refusal = (run: Promise<unknown>) =>
  run.then(
    () => '',
    (error: Error) => error.message,
  );

/** The backend gate's step lines (FARM_GATE_TIMINGS) printed while `run` runs. */
async function gateSteps(run: () => Promise<unknown>): Promise<{ steps: string[]; outcome: string }> {
  const written: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  process.env.FARM_GATE_TIMINGS = '1';
  try {
    const outcome = await refusal(run());
    return { steps: written.filter((l) => l.includes('runtime gate backend/')), outcome };
  } finally {
    delete process.env.FARM_GATE_TIMINGS;
    spy.mockRestore();
  }
}

// The real FastAPI of .venv imports what the record does not know; the rest comes from the record.
describe('the route record of the backend gate', () => {
  jest.setTimeout(180_000);
  let root: string;
  beforeEach(async () => {
    // A workspace on disk with @t/alpha (GET /shared/a) and @t/base installed and active.
    const virtual = createFarmTree();
    await addGenerator(virtual, { spec: routerPlugin('@t/base', '/base', '/') });
    await addGenerator(virtual, { spec: routerPlugin('@t/alpha', '/shared', '/a') });
    root = mkdtempSync(join(tmpdir(), 'farm-route-record-'));
    writeTree(virtual, '', root);
    symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  });
  afterEach(() => {
    rmSync(routeRecordPath(root), { force: true }); // in the repo's node_modules, which the workspace links
    rmSync(root, { recursive: true, force: true });
  });
  afterAll(removeFolderPlugins);

  it('imports only what it has not recorded: the first gate imports everything, the next one the new plugin', async () => {
    const first = await gateSteps(() =>
      addGenerator(new FsTree(root, false), { spec: routerPlugin('@t/one', '/one', '/') }),
    );
    expect(first.outcome).toBe('');
    expect(first.steps.join('')).toMatch(/python \(3 plugins imported/);
    const second = await gateSteps(() =>
      addGenerator(new FsTree(root, false), { spec: routerPlugin('@t/two', '/two', '/') }),
    );
    expect(second.outcome).toBe('');
    expect(second.steps.join('')).toMatch(/digests \(2 of 3 recorded\)[\s\S]*python \(1 plugins imported/);
  });

  it("does not trust a plugin's record once its router changed on disk: the clash it now makes is refused", async () => {
    await addGenerator(new FsTree(root, false), { spec: routerPlugin('@t/one', '/one', '/') });
    // @t/alpha now answers GET /shared/g too, the URL @t/gamma brings; its recorded routes do not say so.
    const router = join(root, 'libs/plugins/alpha/routers/api.py');
    writeFileSync(
      router,
      `${readFileSync(router, 'utf8')}\n\n@router.get("/g")\nasync def g() -> dict:\n    return {}\n`,
    );
    const { steps, outcome } = await gateSteps(() =>
      addGenerator(new FsTree(root, false), { spec: routerPlugin('@t/gamma', '/shared/g', '') }),
    );
    expect(outcome).toMatch(/FARM_E104 plugin "@t\/gamma"/);
    expect(outcome).toMatch(/GET \/shared\/g is answered by (@t\/gamma and by @t\/alpha|@t\/alpha and by @t\/gamma)/);
    expect(steps.join('')).toMatch(/digests \(1 of 3 recorded\)[\s\S]*python \(2 plugins imported/);
  });

  it('re-imports the plugins depending on a changed plugin, with it', async () => {
    // @t/user (depending on @t/base) installed on disk, its routes recorded.
    const installing = new FsTree(root, false);
    await addGenerator(installing, {
      spec: routerPlugin('@t/user', '/user', '/', { dependencies: [{ name: '@t/base', version: '^1.0.0' }] }),
    });
    flushChanges(root, installing.listChanges());
    // Nothing of @t/user changed, but @t/base did: @t/user's routes may have.
    const router = join(root, 'libs/plugins/base/routers/api.py');
    writeFileSync(router, `${readFileSync(router, 'utf8')}# edited\n`);
    const { steps, outcome } = await gateSteps(() =>
      addGenerator(new FsTree(root, false), { spec: routerPlugin('@t/other', '/other', '/') }),
    );
    expect(outcome).toBe('');
    // @t/alpha alone is known; @t/base, @t/user and the new @t/other are imported.
    expect(steps.join('')).toMatch(/digests \(1 of 4 recorded\)[\s\S]*python \(3 plugins imported/);
  });

  it('confirms a refusal that read the record with a whole import: a recorded route no plugin answers refuses nothing', async () => {
    await addGenerator(new FsTree(root, false), { spec: routerPlugin('@t/one', '/one', '/') });
    // Every recorded entry now claims GET /phantom/, which @t/phantom is about to answer.
    const path = routeRecordPath(root);
    const record = JSON.parse(readFileSync(path, 'utf8'));
    const claim: GateRoute = {
      path: '/phantom/',
      methods: ['GET'],
      module: 'farm_plugins.alpha.routers.api',
      name: 'x',
    };
    for (const entry of Object.values(record.entries) as { routes: GateRoute[] }[]) entry.routes.push(claim);
    writeFileSync(path, JSON.stringify(record));
    const { steps, outcome } = await gateSteps(() =>
      addGenerator(new FsTree(root, false), { spec: routerPlugin('@t/phantom', '/phantom', '/') }),
    );
    expect(outcome).toBe('');
    // The first judgement read the claim; the whole import that confirms it did not find it.
    expect(steps.join('')).toMatch(/python \(1 plugins imported[\s\S]*python \(3 plugins imported/);
  });
});

describe('choosing what to import', () => {
  const plan = (names: string[]) =>
    ({
      plugins: names.map((name) => ({ name, pythonAlias: name, root: `libs/plugins/${name}`, config: {} })),
      backend: { routers: names.map((plugin) => ({ plugin, name: `${plugin}_r` })), staticFiles: [] },
      ai: { endpoints: [{ plugin: 'b', name: 'b_chat' }] },
    }) as unknown as IntegrationPlan;
  const digests = {
    digests: new Map(['a', 'b', 'c', 'd'].map((n) => [n, `digest-${n}`])),
    dependencies: new Map([
      ['a', []],
      ['b', ['a']],
      ['c', []],
      ['d', ['b']],
    ]),
  };

  it('takes the unknown plugins and everything they depend on, nothing else', () => {
    const record = routeRecordFile(undefined);
    for (const n of ['a', 'c']) record.set(`digest-${n}`, { routes: [], endpoints: [] });
    expect([...pluginsToImport(plan(['a', 'b', 'c', 'd']), digests, record)].sort()).toEqual(['a', 'b', 'd']);
    record.set('digest-b', { routes: [], endpoints: [] });
    record.set('digest-d', { routes: [], endpoints: [] });
    expect(pluginsToImport(plan(['a', 'b', 'c', 'd']), digests, record).size).toBe(0);
  });

  it('brings a recorded plugin whose startup code ran along with any fresh one (its startup reaches every route)', () => {
    const record = routeRecordFile(undefined);
    for (const n of ['a', 'b']) record.set(`digest-${n}`, { routes: [], endpoints: [] });
    record.set('digest-c', { routes: [], endpoints: [] });
    expect([...pluginsToImport(plan(['a', 'b', 'c', 'd']), digests, record)].sort()).toEqual(['a', 'b', 'd']);
    record.set('digest-c', { routes: [], endpoints: [], startup: true });
    expect(pluginsToImport(plan(['a', 'b', 'c']), digests, record).size).toBe(0);
    expect([...pluginsToImport(plan(['a', 'b', 'c', 'd']), digests, record)].sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it("plans the wiring of the chosen plugins alone and keeps a dependency's routes in its dependents' entries", () => {
    const sub = planOf(plan(['a', 'b', 'c', 'd']), new Set(['a', 'b']));
    expect(sub.plugins.map((p) => p.name)).toEqual(['a', 'b']);
    expect(sub.backend.routers.map((r) => r.plugin)).toEqual(['a', 'b']);
    const route = (module: string, name: string): GateRoute => ({ path: `/${name}`, methods: ['GET'], module, name });
    const entries = recordEntries(
      sub,
      digests.dependencies,
      [
        route('farm_plugins.a.routers', 'ra'),
        route('farm_plugins.b.routers', 'rb'),
        route('farm.ai.router', 'ai:b_chat'),
        route('main', 'health'),
      ],
      [{ name: 'b_chat', message: 'cannot be called' }],
    );
    expect(entries.get('a')!.routes.map((r) => r.name)).toEqual(['ra']);
    expect(entries.get('b')!.routes.map((r) => r.name)).toEqual(['ra', 'rb', 'ai:b_chat']);
    expect(entries.get('b')!.endpoints).toHaveLength(1);
  });

  it('keeps what it was told across instances, and ignores a record of another version or shape', () => {
    const dir = mkdtempSync(join(tmpdir(), 'farm-record-'));
    try {
      const path = join(dir, 'gate-routes.json');
      const first = routeRecordFile(path);
      first.set('d1', { routes: [], endpoints: [] });
      first.save();
      expect(routeRecordFile(path).get('d1')).toEqual({ routes: [], endpoints: [] });
      writeFileSync(path, JSON.stringify({ version: 0, entries: { d1: { routes: [], endpoints: [] } } }));
      expect(routeRecordFile(path).get('d1')).toBeUndefined();
      writeFileSync(path, JSON.stringify({ version: 1, entries: { d1: { routes: 'all' } } }));
      expect(routeRecordFile(path).get('d1')).toBeUndefined();
      writeFileSync(path, '{"version": 1, "entr');
      expect(routeRecordFile(path).get('d1')).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps the saving gate's entries and the 256 most recently used others, and another gate's additions meanwhile", () => {
    const dir = mkdtempSync(join(tmpdir(), 'farm-record-'));
    const entry = { routes: [], endpoints: [] };
    const stored = (path: string) => Object.keys(JSON.parse(readFileSync(path, 'utf8')).entries as object);
    try {
      const path = join(dir, 'gate-routes.json');
      const first = routeRecordFile(path);
      for (let i = 0; i < 400; i++) first.set(`old-${i}`, entry);
      first.save();
      expect(stored(path)).toHaveLength(400); // one gate's own entries are all kept
      // The next gate knows ten plugins (the first ten, the oldest) and adds one.
      const next = routeRecordFile(path);
      for (let i = 0; i < 10; i++) expect(next.get(`old-${i}`)).toEqual(entry);
      expect(next.get('new')).toBeUndefined();
      next.set('new', entry);
      // Meanwhile another gate of the workspace saved an entry of its own.
      const other = routeRecordFile(path);
      other.set('other', entry);
      other.save();
      next.save();
      const kept = stored(path);
      const recent = [...Array.from({ length: 390 }, (_, i) => `old-${i + 10}`).slice(-255), 'other'];
      expect(kept).toEqual([...recent, ...Array.from({ length: 10 }, (_, i) => `old-${i}`), 'new']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
