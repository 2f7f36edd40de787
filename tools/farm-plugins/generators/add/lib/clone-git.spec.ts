import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FarmError } from '../../../src/core/errors';
import { cloneGitRef } from './clone-git';
import { fetchFromDisk } from './fetch-plugin';
import { parsePluginSpec } from './parse-plugin-spec';

/** Folders this file made, removed after each test. */
const made: string[] = [];
const temp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const manifest = (version: string) =>
  JSON.stringify({
    name: '@farm/plugin-x',
    version,
    description: 'test',
    author: 't',
    license: 'MIT',
    farmVersion: '^1.0.0',
  });

/**
 * A plugin repository with history: 1.0.0 (annotated tag v1.0.0), then 1.1.0 on main, and 2.0.0
 * on a branch `next`; main is checked out. Returns its folder and the commits by version.
 */
function pluginRepository(): {
  dir: string;
  url: string;
  commits: Record<string, string>;
  git: (...args: string[]) => string;
} {
  const dir = temp('farm-git-src-');
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: dir, encoding: 'utf8' }).trim();
  const commit = (version: string) => {
    writeFileSync(join(dir, 'plugin.json'), manifest(version));
    git('add', '-A');
    git('commit', '-qm', version);
    return git('rev-parse', 'HEAD');
  };
  git('init', '-q', '-b', 'main');
  const commits: Record<string, string> = { '1.0.0': commit('1.0.0') };
  git('tag', '-a', 'v1.0.0', '-m', 'release 1.0.0');
  commits['1.1.0'] = commit('1.1.0');
  git('checkout', '-qb', 'next');
  commits['2.0.0'] = commit('2.0.0');
  git('checkout', '-q', 'main');
  return { dir, url: `file://${dir}`, commits, git };
}

/**
 * cloneGitRef into a fresh folder: the commit it reports and the version of the plugin.json
 * checked out; `commits` is how many commits the clone holds (1 when only that one was fetched).
 */
function cloneAt(
  url: string,
  ref: string | undefined,
  env?: NodeJS.ProcessEnv,
): { commit: string; version: string; commits?: number } {
  const work = temp('farm-git-work-');
  const commit = cloneGitRef(url, ref, work, env);
  const inClone = (...args: string[]) => execFileSync('git', ['-C', work, ...args], { encoding: 'utf8' }).trim();
  expect(inClone('rev-parse', 'HEAD')).toBe(commit);
  expect(inClone('status', '--porcelain')).toBe('');
  const result = { commit, version: JSON.parse(readFileSync(join(work, 'plugin.json'), 'utf8')).version };
  return ref ? { ...result, commits: Number(inClone('rev-list', '--all', '--count')) } : result;
}

describe('cloneGitRef checks out what #<committish> names, as npm resolves it', () => {
  it('the default branch, a branch, an annotated tag, a pull request ref', () => {
    const repo = pluginRepository();
    repo.git('update-ref', 'refs/pull/7/head', repo.commits['2.0.0']!);
    expect(cloneAt(repo.url, 'pull/7')).toEqual({ commit: repo.commits['2.0.0'], version: '2.0.0', commits: 1 });
    expect(cloneAt(repo.url, undefined)).toEqual({ commit: repo.commits['1.1.0'], version: '1.1.0' });
    expect(cloneAt(repo.url, 'next')).toEqual({ commit: repo.commits['2.0.0'], version: '2.0.0', commits: 1 });
    expect(cloneAt(repo.url, 'v1.0.0')).toEqual({ commit: repo.commits['1.0.0'], version: '1.0.0', commits: 1 });
  });

  it('a full commit SHA that no branch or tag points at, fetched alone', () => {
    const repo = pluginRepository();
    repo.git('tag', '-d', 'v1.0.0');
    expect(cloneAt(repo.url, repo.commits['1.0.0'])).toEqual({
      commit: repo.commits['1.0.0'],
      version: '1.0.0',
      commits: 1,
    });
    expect(cloneAt(repo.url, repo.commits['1.0.0']!.toUpperCase())).toEqual({
      commit: repo.commits['1.0.0'],
      version: '1.0.0',
      commits: 1,
    });
  });

  it('an abbreviated commit SHA (7 and 4 digits)', () => {
    const repo = pluginRepository();
    // The whole history (3 commits) is fetched: a server is asked for advertised refs or full ids only.
    expect(cloneAt(repo.url, repo.commits['1.0.0']!.slice(0, 7))).toEqual({
      commit: repo.commits['1.0.0'],
      version: '1.0.0',
      commits: 3,
    });
    expect(cloneAt(repo.url, repo.commits['2.0.0']!.slice(0, 4)).version).toBe('2.0.0');
  });

  it('a full SHA from a server that will not send an unadvertised commit: the whole clone, then that commit', () => {
    const repo = pluginRepository();
    repo.git('tag', '-d', 'v1.0.0');
    // Protocol v0 without uploadpack.allowReachableSHA1InWant refuses `fetch origin <sha>`, as some servers do.
    const env = {
      ...process.env,
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'protocol.version',
      GIT_CONFIG_VALUE_0: '0',
    };
    const probe = temp('farm-git-probe-');
    execFileSync('git', ['init', '-q'], { cwd: probe });
    expect(() =>
      execFileSync('git', ['fetch', '--depth', '1', repo.url, repo.commits['1.0.0']!], {
        cwd: probe,
        stdio: 'pipe',
        env,
      }),
    ).toThrow(/unadvertised object/);
    expect(cloneAt(repo.url, repo.commits['1.0.0'], env)).toEqual({
      commit: repo.commits['1.0.0'],
      version: '1.0.0',
      commits: 3,
    });
  });

  it('refuses a ref that is no branch, tag or commit of the repository, naming what there is', () => {
    const repo = pluginRepository();
    expect(() => cloneAt(repo.url, 'v9')).toThrow(
      `git ref "v9" not found in ${repo.url}: it is no branch or tag there (branches: main, next; tags: v1.0.0) and not a commit id`,
    );
    expect(() => cloneAt(repo.url, 'deadbeef')).toThrow(`git ref "deadbeef" not found in ${repo.url}`);
    // Hex digits that git would also read as part of a revision expression are not one.
    expect(() => cloneAt(repo.url, `${repo.commits['1.1.0']!.slice(0, 8)}~1`)).toThrow('not found');
  });

  it('passes nothing the spec says to git as an option', () => {
    const repo = pluginRepository();
    const marker = join(temp('farm-git-marker-'), 'ran');
    for (const ref of [`--upload-pack=touch ${marker}`, `-c core.sshCommand=touch ${marker}`]) {
      expect(() => cloneAt(repo.url, ref)).toThrow('not found');
    }
    expect(existsSync(marker)).toBe(false);
  });
});

describe('add from git at a commit keeps the safe copy', () => {
  it('records the commit installed and reads the files through plugin-files', () => {
    const repo = pluginRepository();
    const raw = `git+${repo.url}#${repo.commits['1.0.0']!.slice(0, 10)}`;
    const fetched = fetchFromDisk(
      parsePluginSpec(raw, repo.dir) as Extract<ReturnType<typeof parsePluginSpec>, { type: 'git' }>,
      raw,
    );
    try {
      expect(fetched.source).toEqual({ type: 'git', spec: raw, resolved: `${repo.url}#${repo.commits['1.0.0']}` });
      expect(JSON.parse(fetched.files.find((f) => f.path === 'plugin.json')!.bytes.toString('utf8')).version).toBe(
        '1.0.0',
      );
    } finally {
      fetched.cleanup?.();
    }
  });

  it('refuses a symbolic link in the commit asked for, though the branch head has none (FARM_E110)', () => {
    const repo = pluginRepository();
    symlinkSync('/etc/passwd', join(repo.dir, 'passwd'));
    repo.git('add', '-A');
    repo.git('commit', '-qm', 'link');
    const withLink = repo.git('rev-parse', 'HEAD');
    unlinkSync(join(repo.dir, 'passwd'));
    repo.git('commit', '-qam', 'no link');
    const raw = `git+${repo.url}#${withLink}`;
    let error: unknown;
    try {
      fetchFromDisk({ type: 'git', url: repo.url, ref: withLink }, raw);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FarmError);
    expect((error as FarmError).problems.map((p) => `${p.code} ${p.file}`)).toEqual(['FARM_E110 passwd']);
    expect(fetchFromDisk({ type: 'git', url: repo.url }, `git+${repo.url}`).files.map((f) => f.path)).toEqual([
      'plugin.json',
    ]);
  });
});
