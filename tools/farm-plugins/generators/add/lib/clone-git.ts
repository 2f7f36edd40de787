import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';

/** A ref the remote advertises (`git ls-remote`), under the name a spec's `#<committish>` may use. */
interface AdvertisedRef {
  /** The commit (a tag's peeled commit when the remote sends `^{}`). */
  sha: string;
  /** The full name: `refs/heads/main`, `refs/tags/v1.0.0`, `refs/pull/7/head`, `HEAD`. */
  rawRef: string;
  type: 'branch' | 'tag' | 'head' | 'other';
}

/** Runs git with the arguments given; `what` names the step in the error. */
type Git = (args: string[], what: string) => string;

/** A commit id as a spec may give it: 4 to 40 hex digits (git's shortest abbreviation is 4). */
const commitId = /^[0-9a-f]{4,40}$/i;
const fullCommitId = /^[0-9a-f]{40}$/i;

/**
 * Clones `url` into the empty folder `work` and checks out `committish` (the `#…` of a git spec),
 * resolved as npm resolves it (@npmcli/git clone.js, which `npm install <git spec>` uses):
 * nothing = the remote's default branch; a name the remote advertises — branch, tag (`v1.0.0`),
 * `HEAD`, a full ref name or `pull/<n>` — is cloned shallow at that ref; otherwise a commit id:
 * a full SHA is fetched alone (`git fetch --depth 1 origin <sha>`, which GitHub, GitLab and git's
 * own protocol v2 serve), falling back, like an abbreviated SHA, to a full clone and a checkout of
 * the one commit it names. Returns the full SHA of the commit checked out.
 *
 * `core.symlinks=true` checks a link in the repository out as a link, for plugin-files to refuse
 * (FARM_E110); nothing the remote sends is passed to git as an option (names are looked up in
 * what it advertises; commit ids are hex). Throws an Error naming the repository and the ref when
 * git fails or the ref is no branch, tag or commit of it. `env` is git's environment (its config,
 * credentials helpers and protocol settings come from there), process.env unless given.
 */
export function cloneGitRef(
  url: string,
  committish: string | undefined,
  work: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const git = (args: string[], what: string) => runGit(args, what, env);
  if (!committish) {
    clone(git, url, work, ['--depth', '1']);
    return head(git, work);
  }
  const refs = advertisedRefs(git, url);
  const named = refs.get(committish);
  if (named && (named.type === 'branch' || named.type === 'tag')) {
    clone(git, url, work, ['--depth', '1', '--branch', named.rawRef.replace(/^refs\/(heads|tags)\//, '')]);
  } else if (named) {
    fetchOne(git, url, work, named.rawRef);
  } else if (fullCommitId.test(committish)) {
    try {
      fetchOne(git, url, work, committish.toLowerCase());
    } catch {
      // The server refuses a commit it does not advertise (protocol v0 without allowReachableSHA1InWant).
      rmSync(work, { recursive: true, force: true });
      mkdirSync(work);
      checkoutFromFullClone(git, url, work, committish);
    }
  } else if (commitId.test(committish)) {
    checkoutFromFullClone(git, url, work, committish);
  } else {
    throw new Error(
      `git ref "${committish}" not found in ${url}: it is no branch or tag there (${refSummary(refs)}) and not a commit id\n  fix: name a branch, tag or commit after # (github:org/x#v1.2.0, …#main, …#<commit sha>)`,
    );
  }
  return head(git, work);
}

/** The refs `git ls-remote <url>` lists, by every name npm accepts for them (short and full). */
function advertisedRefs(git: Git, url: string): Map<string, AdvertisedRef> {
  const refs = new Map<string, AdvertisedRef>();
  const peeled = new Map<string, string>();
  for (const line of git(['ls-remote', '--', url], `git ls-remote ${url}`).split('\n')) {
    const [sha, rawRef] = line.trim().split(/\s+/, 2);
    if (!sha || !rawRef || !/^(HEAD|refs\/\S+)$/.test(rawRef)) continue;
    if (rawRef.endsWith('^{}')) {
      peeled.set(rawRef.slice(0, -3), sha);
      continue;
    }
    const type =
      rawRef === 'HEAD'
        ? 'head'
        : rawRef.startsWith('refs/heads/')
          ? 'branch'
          : rawRef.startsWith('refs/tags/')
            ? 'tag'
            : 'other';
    const ref: AdvertisedRef = { sha, rawRef, type };
    refs.set(rawRef, ref);
    const short =
      type === 'branch' || type === 'tag'
        ? rawRef.replace(/^refs\/(heads|tags)\//, '')
        : rawRef.startsWith('refs/pull/')
          ? rawRef.slice('refs/'.length).replace(/\/head$/, '')
          : undefined;
    // A tag and a branch of one name: the tag, as in npm (the last listed wins; tags list after heads).
    if (short) refs.set(short, ref);
  }
  for (const ref of refs.values()) ref.sha = peeled.get(ref.rawRef) ?? ref.sha;
  return refs;
}

/** `git init` + `git fetch --depth 1 origin <what>` + a detached checkout of what was fetched. */
function fetchOne(git: Git, url: string, work: string, what: string): void {
  git(['init', '--quiet', work], 'git init');
  git(['-C', work, 'remote', 'add', 'origin', '--', url], 'git remote add');
  git(
    ['-C', work, '-c', 'core.symlinks=true', 'fetch', '--quiet', '--depth', '1', 'origin', '--end-of-options', what],
    `git fetch ${url} ${what}`,
  );
  git(
    ['-C', work, '-c', 'core.symlinks=true', 'checkout', '--quiet', '--detach', 'FETCH_HEAD'],
    `git checkout ${what}`,
  );
}

/**
 * The whole history, then the one commit `id` (full or abbreviated) names: it must resolve to a
 * commit whose SHA starts with `id`, so an id is never read as some other revision expression.
 */
function checkoutFromFullClone(git: Git, url: string, work: string, id: string): void {
  clone(git, url, work, ['--no-checkout']);
  let sha: string;
  try {
    sha = git(
      ['-C', work, 'rev-parse', '--verify', '--quiet', '--end-of-options', `${id}^{commit}`],
      'git rev-parse',
    ).trim();
  } catch {
    throw new Error(
      `git ref "${id}" not found in ${url}: no branch, tag or commit there has that name or id (or the short id is ambiguous)\n  fix: name a branch, tag or commit after # (a longer commit id if it is ambiguous)`,
    );
  }
  if (!sha.startsWith(id.toLowerCase()))
    throw new Error(
      `git ref "${id}" in ${url} names ${sha}, not a commit with that id\n  fix: give the commit's own id after #`,
    );
  git(['-C', work, '-c', 'core.symlinks=true', 'checkout', '--quiet', '--detach', sha], `git checkout ${sha}`);
}

function clone(git: Git, url: string, work: string, args: string[]): void {
  git(['-c', 'core.symlinks=true', 'clone', '--quiet', ...args, '--', url, work], `git clone ${url}`);
}

function head(git: Git, work: string): string {
  return git(['-C', work, 'rev-parse', 'HEAD'], 'git rev-parse').trim();
}

/** `branches: main, dev; tags: v1.0.0` (a few of each) for a not-found message. */
function refSummary(refs: Map<string, AdvertisedRef>): string {
  const names = (type: AdvertisedRef['type']) => [
    ...new Set(
      [...refs.values()].filter((r) => r.type === type).map((r) => r.rawRef.replace(/^refs\/(heads|tags)\//, '')),
    ),
  ];
  const list = (items: string[]) =>
    items.length > 6 ? `${items.slice(0, 6).join(', ')}, …` : items.join(', ') || 'none';
  return `branches: ${list(names('branch'))}; tags: ${list(names('tag'))}`;
}

function runGit(args: string[], what: string, env: NodeJS.ProcessEnv): string {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`${what} failed${stderr ? `: ${stderr}` : ''}`, { cause: error });
  }
}
