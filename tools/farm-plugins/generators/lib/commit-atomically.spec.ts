import type { Tree } from '@nx/devkit';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { journalPath } from '../../src/workspace-io/file-transaction';
import { markInstallPending, readPendingInstalls } from '../../src/workspace-io/pending-installs';
import { lockPath } from '../../src/workspace-io/workspace-lock';
import { commitAtomically } from './commit-atomically';

// Nx's own FsTree over a real folder, as `nx g` uses it.
const { FsTree } = require('nx/src/generators/tree');

function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'farm-commit-'));
  for (const [path, text] of Object.entries({
    'workspace.json': 'old',
    'libs/plugins/x/a.txt': 'a',
    'libs/plugins/x/sub/b.txt': 'b',
    'libs/plugins/y/y.txt': 'y',
  })) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
const change = async (tree: Tree) => {
  tree.delete('libs/plugins/x');
  tree.write('workspace.json', 'new');
  tree.write('libs/plugins/z/z.txt', 'z');
};

describe('commitAtomically', () => {
  it('leaves Nx nothing to flush and writes the whole change in its callback', async () => {
    const root = workspace();
    const tree = new FsTree(root, false);
    const callback = await commitAtomically(change)(tree, {});
    expect(tree.listChanges()).toEqual([]);
    expect(readFileSync(join(root, 'workspace.json'), 'utf8')).toBe('old'); // nothing before the callback
    await (callback as () => Promise<void>)();
    expect(readFileSync(join(root, 'workspace.json'), 'utf8')).toBe('new');
    expect(existsSync(join(root, 'libs/plugins/x'))).toBe(false);
    expect(readFileSync(join(root, 'libs/plugins/z/z.txt'), 'utf8')).toBe('z');
    expect(readFileSync(join(root, 'libs/plugins/y/y.txt'), 'utf8')).toBe('y');
    expect(existsSync(journalPath(root))).toBe(false);
    expect(execFileSync('find', [root, '-name', '*.farm-*'], { encoding: 'utf8' })).toBe('');
  });

  it('leaves the Tree to Nx under --dry-run, so Nx prints it and writes nothing', async () => {
    const argv = process.argv;
    process.argv = [...argv, '--dry-run'];
    try {
      const tree = new FsTree(workspace(), false);
      await commitAtomically(change)(tree, {});
      expect(tree.listChanges().map((c: { type: string; path: string }) => `${c.type} ${c.path}`)).toEqual(
        expect.arrayContaining(['UPDATE workspace.json', 'CREATE libs/plugins/z/z.txt']),
      );
    } finally {
      process.argv = argv;
    }
  });

  describe('one change at a time (the workspace lock)', () => {
    it('holds .farm/lock from before the generator reads until its callback has committed', async () => {
      const root = workspace();
      const seen: boolean[] = [];
      const callback = await commitAtomically(async (tree: Tree) => {
        seen.push(existsSync(lockPath(root)));
        await change(tree);
        return async () => void seen.push(existsSync(lockPath(root)));
      })(new FsTree(root, false), {});
      expect(existsSync(lockPath(root))).toBe(true); // between the generator and Nx's callback
      await (callback as () => Promise<void>)();
      expect(seen).toEqual([true, true]); // while reading, and while installing
      expect(existsSync(lockPath(root))).toBe(false);
      expect(readFileSync(join(root, 'workspace.json'), 'utf8')).toBe('new');
    });

    it('refuses a second change while the first is uncommitted, before it runs, writing nothing', async () => {
      const root = workspace();
      const first = await commitAtomically(change)(new FsTree(root, false), {});
      const second = jest.fn(change);
      const tree = new FsTree(root, false);
      await expect(commitAtomically(second)(tree, {})).rejects.toThrow(/FARM_E016[^]*process \d+ /);
      expect(second).not.toHaveBeenCalled();
      expect(tree.listChanges()).toEqual([]);
      await (first as () => Promise<void>)();
      await (await commitAtomically(async (t: Tree) => t.write('after.txt', 'x'))(new FsTree(root, false), {}))!();
      expect(readFileSync(join(root, 'after.txt'), 'utf8')).toBe('x');
    });

    it('releases it when the generator throws, when the commit throws, and under --dry-run', async () => {
      const root = workspace();
      const failing = commitAtomically(async () => {
        throw new Error('refused');
      });
      await expect(failing(new FsTree(root, false), {})).rejects.toThrow('refused');
      expect(existsSync(lockPath(root))).toBe(false);

      const install = commitAtomically(async (tree: Tree) => {
        tree.write('workspace.json', 'new');
        return async () => {
          throw new Error('install failed');
        };
      });
      const callback = await install(new FsTree(root, false), {});
      await expect((callback as () => Promise<void>)()).rejects.toThrow('install failed');
      expect(existsSync(lockPath(root))).toBe(false);

      const argv = process.argv;
      process.argv = [...argv, '--dry-run'];
      try {
        await commitAtomically(change)(new FsTree(root, false), {});
      } finally {
        process.argv = argv;
      }
      expect(existsSync(lockPath(root))).toBe(false);
    });
  });

  describe('installs an earlier change owed (.farm/install-pending.json)', () => {
    const owingNpm = () => {
      const root = workspace();
      writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'ws', private: true }));
      markInstallPending(root, 'npm', { packages: [] });
      return root;
    };

    it('are finished under the lock before the generator reads, one with nothing to change too', async () => {
      const root = owingNpm();
      const seen: unknown[] = [];
      const result = await commitAtomically(async () => {
        seen.push(readPendingInstalls(root), existsSync(join(root, 'package-lock.json')));
      })(new FsTree(root, false), {});
      expect(result).toBeUndefined();
      expect(seen).toEqual([undefined, true]); // npm install ran (it wrote package-lock.json), and the record went
      expect(existsSync(lockPath(root))).toBe(false);
    });

    it('failing again, warn and let the change go on (it may be the remove of the failing plugin), still owed', async () => {
      const root = owingNpm();
      // A package.json npm cannot read (EJSONPARSE): the make-up install fails, as with a registry down.
      writeFileSync(join(root, 'package.json'), '{ "name": "ws", ');
      const callback = await commitAtomically(change)(new FsTree(root, false), {});
      await callback!();
      expect(readFileSync(join(root, 'workspace.json'), 'utf8')).toBe('new');
      expect(readPendingInstalls(root)).toEqual({ npm: { packages: [] } });
      expect(existsSync(lockPath(root))).toBe(false);
    });

    it('are left owed under --dry-run, which installs nothing', async () => {
      const root = owingNpm();
      const argv = process.argv;
      process.argv = [...argv, '--dry-run'];
      try {
        await commitAtomically(change)(new FsTree(root, false), {});
      } finally {
        process.argv = argv;
      }
      expect(readPendingInstalls(root)).toEqual({ npm: { packages: [] } });
    });
  });
});
