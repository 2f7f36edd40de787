import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commitFiles, journalPath, recoverFileTransaction } from './file-transaction';

// A change that dies while staging (here: a staged file's folder cannot be made, as a kill would
// stop it) leaves a `prepare` journal. Its rollback must remove the folders the change made too:
// an empty libs/plugins/<name> left by a killed `add` made the retry refuse with FARM_E007
// (found by the generator kill trials, src/cli/kill-generators.e2e.spec.ts).
describe('commitFiles rolled back while staging', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'farm-tx-folders-'));
    mkdirSync(join(root, 'libs/plugins'), { recursive: true });
    writeFileSync(join(root, 'workspace.json'), 'old');
    writeFileSync(join(root, 'blocked'), 'a file where the change wants a folder');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const dieWhileStaging = () =>
    expect(() =>
      commitFiles(root, [
        { path: 'libs/plugins/kill-me/routers/kill.py', contents: 'x = 1\n' },
        { path: 'libs/plugins/kill-me/plugin.json', contents: '{}' },
        { path: 'workspace.json', contents: 'new' },
        { path: 'blocked/late.txt', contents: 'never staged' },
      ]),
    ).toThrow();

  it('removes the folders it made, leaving the workspace as it was', () => {
    dieWhileStaging();
    expect(JSON.parse(readFileSync(journalPath(root), 'utf8')).state).toBe('prepare');
    expect(existsSync(join(root, 'libs/plugins/kill-me/routers'))).toBe(true);
    expect(recoverFileTransaction(root)).toBe('rolled back');
    expect(readdirSync(join(root, 'libs/plugins'))).toEqual([]);
    expect(readFileSync(join(root, 'workspace.json'), 'utf8')).toBe('old');
    expect(readdirSync(root).sort()).toEqual(['.farm', 'blocked', 'libs', 'workspace.json']);
    expect(existsSync(journalPath(root))).toBe(false);
  });

  it('keeps a folder it made when something else was written into it since', () => {
    dieWhileStaging();
    writeFileSync(join(root, 'libs/plugins/kill-me/NOTES.md'), 'mine');
    expect(recoverFileTransaction(root)).toBe('rolled back');
    expect(readdirSync(join(root, 'libs/plugins/kill-me'))).toEqual(['NOTES.md']);
  });

  it('reads a journal written before folders were recorded', () => {
    mkdirSync(join(root, '.farm'));
    writeFileSync(
      journalPath(root),
      JSON.stringify({
        id: '1',
        state: 'prepare',
        entries: [{ path: 'workspace.json', staged: '.workspace.json.farm-1' }],
      }),
    );
    expect(recoverFileTransaction(root)).toBe('rolled back');
    expect(readFileSync(join(root, 'workspace.json'), 'utf8')).toBe('old');
  });
});
