import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commitFiles, journalPath, recoverFileTransaction } from './file-transaction';

const workspace = () => {
  const root = mkdtempSync(join(tmpdir(), 'farm-tx-'));
  mkdirSync(join(root, 'apps/backend/src/plugins'), { recursive: true });
  return root;
};
const files = ['workspace.json', 'apps/backend/src/plugins/__init__.py', 'apps/backend/src/plugins/integration.py'];
/** Big enough that a kill lands inside the writes, tagged so a mixed set is visible. */
const body = (tag: string, path: string) => `${tag}:${path}\n${'x'.repeat(400_000)}\n`;
const tagsOf = (root: string) =>
  files.map((f) => (existsSync(join(root, f)) ? readFileSync(join(root, f), 'utf8').split(':')[0] : 'missing'));

describe('commitFiles', () => {
  it('writes and deletes a set of files, leaving no journal or staged file behind', () => {
    const root = workspace();
    writeFileSync(join(root, 'old.txt'), 'old');
    commitFiles(root, [
      { path: 'workspace.json', contents: '{}' },
      { path: 'old.txt', contents: null },
      { path: 'apps/new/file.py', contents: 'x = 1\n' },
    ]);
    expect(readFileSync(join(root, 'workspace.json'), 'utf8')).toBe('{}');
    expect(existsSync(join(root, 'old.txt'))).toBe(false);
    expect(readFileSync(join(root, 'apps/new/file.py'), 'utf8')).toBe('x = 1\n');
    expect(existsSync(journalPath(root))).toBe(false);
    expect(readdirSync(root).filter((f) => f.includes('.farm-'))).toEqual([]);
  });

  it('refuses a path outside the workspace', () => {
    expect(() => commitFiles(workspace(), [{ path: '../escape.txt', contents: 'x' }])).toThrow(/outside the workspace/);
  });

  it('rolls a prepared change back and completes a committed one', () => {
    const root = workspace();
    writeFileSync(join(root, 'workspace.json'), 'old');
    mkdirSync(join(root, '.farm'), { recursive: true });
    writeFileSync(join(root, '.workspace.json.farm-1'), 'new');
    const journal = { id: '1', entries: [{ path: 'workspace.json', staged: '.workspace.json.farm-1' }] };
    writeFileSync(journalPath(root), JSON.stringify({ ...journal, state: 'prepare' }));
    expect(recoverFileTransaction(root)).toBe('rolled back');
    expect(readFileSync(join(root, 'workspace.json'), 'utf8')).toBe('old');
    expect(existsSync(join(root, '.workspace.json.farm-1'))).toBe(false);
    writeFileSync(join(root, '.workspace.json.farm-1'), 'new');
    writeFileSync(journalPath(root), JSON.stringify({ ...journal, state: 'commit' }));
    expect(recoverFileTransaction(root)).toBe('completed');
    expect(readFileSync(join(root, 'workspace.json'), 'utf8')).toBe('new');
    expect(recoverFileTransaction(root)).toBeUndefined();
  });

  // kill -9 at random instants of a real commit in another process: after recovery the set of
  // files is wholly old or wholly new, never a 0-byte or half file (bench/kill-soak.mjs: 50+).
  it('survives SIGKILL at random instants: the next command sees the old or the new set', async () => {
    const outcomes = new Set<string>();
    for (let trial = 0; trial < 6; trial++) {
      const root = workspace();
      for (const f of files) writeFileSync(join(root, f), body('old', f));
      const script = `const body = (path) => 'new:' + path + '\\n' + 'x'.repeat(400000) + '\\n'; require(${JSON.stringify(join(__dirname, 'file-transaction'))}).commitFiles(${JSON.stringify(root)}, ${JSON.stringify(files)}.map((path) => ({ path, contents: body(path) })));`;
      const child = spawn(process.execPath, ['-r', '@swc-node/register', '-e', script], { stdio: 'ignore' });
      const exited = new Promise((r) => child.once('exit', r)); // it may finish before the kill
      await new Promise((r) => setTimeout(r, 250 + Math.random() * 400));
      child.kill('SIGKILL');
      await exited;
      recoverFileTransaction(root);
      const tags = tagsOf(root);
      expect(new Set(tags).size).toBe(1);
      expect(['old', 'new']).toContain(tags[0]);
      for (const f of files) expect(readFileSync(join(root, f), 'utf8').length).toBeGreaterThan(400_000);
      outcomes.add(tags[0]!);
      rmSync(root, { recursive: true, force: true });
    }
    expect(outcomes.size).toBeGreaterThan(0);
  }, 60_000);
});
