import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SourceChange } from './affected-hosts';
import { isWatchedSource, listSources, watchSources, type SourceWatcher } from './watch-sources';

describe('isWatchedSource', () => {
  it.each([
    ['workspace.json', true],
    ['libs/plugins/auth/plugin.json', true],
    ['libs/plugins/auth/routers/auth.py', true],
    ['libs/plugins/auth', true],
    ['libs/plugins/auth/generated/config.ts', false],
    ['libs/plugins/auth/routers/__pycache__/auth.cpython-311.pyc', false],
    ['libs/plugins/auth/node_modules/x/index.js', false],
    ['libs/plugins/auth/routers/.auth.py.swp', false],
    ['libs/plugins/auth/routers/auth.py~', false],
    ['libs/plugins/auth/4913', false],
    ['apps/backend/src/plugins/integration.py', false],
    ['nx.json', false],
    ['libs/plugins', false],
  ])('%s → %s', (path, expected) => expect(isWatchedSource(path)).toBe(expected));
});

describe('watchSources (real files)', () => {
  let root: string;
  let watcher: SourceWatcher | undefined;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'farm-watch-'));
    mkdirSync(join(root, 'libs/plugins/auth/routers'), { recursive: true });
    writeFileSync(join(root, 'workspace.json'), '{}');
  });
  afterEach(() => {
    watcher?.close();
    rmSync(root, { recursive: true, force: true });
  });

  function collect(debounceMs: number): { batches: SourceChange[][]; next: () => Promise<SourceChange[]> } {
    const batches: SourceChange[][] = [];
    let wake: (() => void) | undefined;
    watcher = watchSources(root, {
      debounceMs,
      onBatch: (b) => (batches.push(b), wake?.()),
      onError: (e) => {
        throw e;
      },
    });
    const next = () =>
      new Promise<SourceChange[]>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no batch within 3 s; got ${JSON.stringify(batches)}`)), 3_000);
        wake = () => (clearTimeout(timer), resolve(batches[batches.length - 1]!));
      });
    return { batches, next };
  }

  it('debounces a burst of edits (new folder included) into one batch, skipping ignored files', async () => {
    const { batches, next } = collect(150);
    const batch = next();
    writeFileSync(join(root, 'libs/plugins/auth/plugin.json'), '{}');
    mkdirSync(join(root, 'libs/plugins/auth/pages'));
    writeFileSync(join(root, 'libs/plugins/auth/pages/Ping.tsx'), 'x');
    mkdirSync(join(root, 'libs/plugins/auth/__pycache__'));
    writeFileSync(join(root, 'libs/plugins/auth/__pycache__/x.pyc'), 'x');
    const paths = [...new Set((await batch).map((c) => c.path))].sort();
    expect(paths).toEqual(expect.arrayContaining(['libs/plugins/auth/pages', 'libs/plugins/auth/plugin.json']));
    expect(paths.filter((p) => p.includes('__pycache__'))).toEqual([]);
    expect(batches).toHaveLength(1);
  });

  it('sees workspace.json replaced by rename, as editors save, and keeps seeing it', async () => {
    const { next } = collect(50);
    for (const round of [1, 2]) {
      const batch = next();
      writeFileSync(join(root, `.workspace.json.${round}`), `{"round":${round}}`);
      renameSync(join(root, `.workspace.json.${round}`), join(root, 'workspace.json'));
      expect((await batch).map((c) => c.path)).toContain('workspace.json');
    }
  });

  it('keeps seeing a plugin file that editors replace by rename, save after save', async () => {
    // Node 20's fs.watch({ recursive: true }) goes blind after the first such save on Linux.
    const { next } = collect(50);
    const file = join(root, 'libs/plugins/auth/plugin.json');
    writeFileSync(file, '{}');
    for (const round of [1, 2, 3]) {
      await new Promise((r) => setTimeout(r, 120));
      const batch = next();
      writeFileSync(`${file}.tmp`, `{"round":${round}}`);
      renameSync(`${file}.tmp`, file);
      expect((await batch).map((c) => c.path)).toContain('libs/plugins/auth/plugin.json');
    }
  });

  it('watches folders created later, and forgets removed ones', async () => {
    const { next } = collect(50);
    let batch = next();
    mkdirSync(join(root, 'libs/plugins/chat/routers'), { recursive: true });
    expect((await batch).map((c) => c.path)).toContain('libs/plugins/chat');
    await new Promise((r) => setTimeout(r, 100));
    batch = next();
    writeFileSync(join(root, 'libs/plugins/chat/routers/chat.py'), 'x = 1\n');
    expect((await batch).map((c) => c.path)).toContain('libs/plugins/chat/routers/chat.py'); // a folder made by mkdir -p
    batch = next();
    rmSync(join(root, 'libs/plugins/chat'), { recursive: true });
    expect((await batch).map((c) => c.path)).toContain('libs/plugins/chat');
  });

  it('lists the sources there are now, skipping what is never a source', () => {
    mkdirSync(join(root, 'libs/plugins/auth/generated'));
    mkdirSync(join(root, 'libs/plugins/auth/routers/__pycache__'));
    writeFileSync(join(root, 'libs/plugins/auth/routers/auth.py'), '');
    writeFileSync(join(root, 'libs/plugins/auth/generated/config.ts'), '');
    writeFileSync(join(root, 'libs/plugins/auth/routers/__pycache__/auth.pyc'), '');
    expect(listSources(root)).toEqual([
      'libs/plugins/auth',
      'libs/plugins/auth/routers',
      'libs/plugins/auth/routers/auth.py',
    ]);
  });

  it('ignores the rest of the workspace root', async () => {
    const { batches } = collect(50);
    writeFileSync(join(root, 'nx.json'), '{}');
    mkdirSync(join(root, 'apps'));
    await new Promise((r) => setTimeout(r, 300));
    expect(batches).toEqual([]);
  });
});
