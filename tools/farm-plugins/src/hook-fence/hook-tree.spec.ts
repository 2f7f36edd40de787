import type { Tree } from '@nx/devkit';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
// Nx's own Tree, as the oracle: what a hook sees must be what it would have seen in-process.
import { FsTree } from 'nx/src/generators/tree';

const { HookTree } = require('./child/hook-tree.js') as {
  HookTree: new (root: string, changes: unknown[]) => Tree & { ops: unknown[] };
};

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'farm-hook-tree-'));
  for (const [path, text] of Object.entries({
    'README.md': 'readme',
    'apps/a/main.py': 'a',
    'apps/a/util.py': 'u',
    'apps/b/x.ts': 'b',
    'libs/x/plugin.json': '{}',
  })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const probes = [
  '',
  'README.md',
  'apps',
  'apps/a',
  'apps/a/main.py',
  'apps/a/util.py',
  'apps/b',
  'apps/b/x.ts',
  'apps/c/new.py',
  'libs',
  'libs/x',
  'new',
  'new/deep/file.txt',
  'moved',
  'moved/main.py',
];

/** Everything a hook can observe at the probe paths. */
function view(tree: Tree): string[] {
  return probes.map(
    (p) =>
      `${p || '.'}: exists=${tree.exists(p)} file=${tree.isFile(p)} read=${tree.read(p, 'utf-8')} children=${[...tree.children(p)].sort().join(',')}`,
  );
}

type Step = (tree: Tree) => void;
const scenarios: [string, Step[]][] = [
  ['writes a new file in new folders', [(t) => t.write('new/deep/file.txt', 'n')]],
  ['overwrites a disk file', [(t) => t.write('README.md', 'changed')]],
  ['deletes a file, then its last sibling', [(t) => t.delete('apps/a/main.py'), (t) => t.delete('apps/a/util.py')]],
  ['renames a folder', [(t) => t.rename('apps/a', 'moved')]],
  [
    'renames a file and writes where it was',
    [(t) => t.rename('apps/a/main.py', 'moved/main.py'), (t) => t.write('apps/a/main.py', 'again')],
  ],
  ['writes, then deletes a new file', [(t) => t.write('apps/c/new.py', 'c'), (t) => t.delete('apps/c/new.py')]],
];

describe('HookTree (the Tree inside the hook fence) reads as Nx FsTree does', () => {
  it.each(scenarios)('%s, from the disk', (_name, steps) => {
    const nx = new FsTree(root, false);
    const hook = new HookTree(root, []);
    for (const step of steps) {
      step(nx);
      step(hook);
    }
    expect(view(hook)).toEqual(view(nx));
  });

  it.each(scenarios)('%s, on top of changes the generator made first', (_name, steps) => {
    const nx = new FsTree(root, false);
    nx.write('libs/x/index.js', 'exports.onInstall = () => {}');
    nx.write('apps/a/util.py', 'generated');
    nx.delete('README.md');
    const hook = new HookTree(
      root,
      nx.listChanges().map((c) => ({ path: c.path, content: c.content, options: c.options })),
    );
    expect(view(hook)).toEqual(view(nx));
    for (const step of steps) {
      step(nx);
      step(hook);
    }
    expect(view(hook)).toEqual(view(nx));
  });

  it('logs each change as an operation that, replayed on Nx Tree, gives the same Tree', () => {
    const hook = new HookTree(root, []);
    hook.write('new/deep/file.txt', 'n');
    hook.rename('apps/a', 'moved');
    hook.delete('apps/b');
    hook.write('bin/run', '#!/bin/sh');
    hook.changePermissions('bin/run', '755');
    const nx = new FsTree(root, false);
    for (const op of hook.ops as { op: string; path: string; content?: Buffer; options?: object; mode?: string }[]) {
      if (op.op === 'write') nx.write(op.path, op.content!, op.options);
      else if (op.op === 'delete') nx.delete(op.path);
      else nx.changePermissions(op.path, op.mode!);
    }
    const changes = (tree: Tree) =>
      tree
        .listChanges()
        .map((c) => `${c.type} ${c.path} ${c.content?.toString('utf8') ?? ''} ${JSON.stringify(c.options ?? {})}`)
        .sort();
    expect(changes(nx)).toEqual(changes(hook));
  });

  it('shows a deleted folder as it will be written: without its files (Nx FsTree reads them from disk until then)', () => {
    const nx = new FsTree(root, false);
    const hook = new HookTree(root, []);
    nx.delete('apps/b');
    hook.delete('apps/b');
    expect([hook.exists('apps/b'), hook.exists('apps/b/x.ts'), hook.children('apps')]).toEqual([false, false, ['a']]);
    expect([nx.exists('apps/b'), nx.exists('apps/b/x.ts'), nx.children('apps')]).toEqual([false, true, ['a']]);
    expect(hook.listChanges().map((c) => `${c.type} ${c.path}`)).toEqual(
      nx.listChanges().map((c) => `${c.type} ${c.path}`),
    );
  });
});
