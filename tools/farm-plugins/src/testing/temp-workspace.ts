import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { syncVenv } from '../python-env';

/** The repository this test runs in. */
export const repoRoot = resolve(__dirname, '../../../..');

/** How the temp workspace's nx and farm commands run: no daemon, cloud or TUI, plain output. */
export const commandEnv: NodeJS.ProcessEnv = {
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
  NX_ISOLATE_PLUGINS: 'false',
  FORCE_COLOR: '0',
};

export interface TempWorkspace {
  root: string;
  /** Runs the real nx CLI in the workspace; never throws, returns what happened. */
  nx(args: string[], env?: NodeJS.ProcessEnv): { status: number; output: string };
  /** Runs the `farm` CLI of @farm/plugins in the workspace. */
  farm(args: string[]): { status: number; output: string };
  read(path: string): string;
  write(path: string, contents: string): void;
  json<T = any>(path: string): T;
  updateJson<T = any>(path: string, update: (value: T) => T | void): void;
  dispose(): void;
}

const appSources = [
  'apps/backend/src',
  'apps/frontend/src',
  'apps/frontend/index.html',
  'apps/frontend/vite.config.ts',
  'apps/frontend/tsconfig.json',
  'apps/frontend/package.json',
];
const copied = [
  'nx.json',
  'package.json',
  'package-lock.json',
  'tsconfig.base.json',
  'workspace.json',
  'libs',
  'apps/frontend/project.json',
  'apps/backend/project.json',
  'pyproject.toml',
  'uv.lock',
  'apps/backend/requirements.lock',
];

export interface TempWorkspaceOptions {
  /** A git repository with everything committed, to assert on `git status`. */
  gitInit?: boolean;
  /** The host apps' sources too, to run the generated backend or build the frontend. */
  withApps?: boolean;
  /**
   * A node_modules of its own instead of a link to the repo's, so `npm install` can run in the
   * workspace (a plugin's frontend.dependencies) without changing the repo's packages.
   */
  ownNodeModules?: boolean;
}

/**
 * A throwaway copy of this workspace (plugins, apps' project files, workspace.json) sharing the
 * repo's node_modules (unless `ownNodeModules`), so executors and the graph plugin run for real
 * against files we can break.
 */
export function createTempWorkspace(options: TempWorkspaceOptions = {}): TempWorkspace {
  const root = mkdtempSync(join(tmpdir(), 'farm-ws-'));
  for (const path of [...copied, ...(options.withApps ? appSources : [])]) {
    cpSync(join(repoRoot, path), join(root, path), {
      recursive: true,
      filter: (src) => !/(node_modules|__pycache__|\/generated$|\/dist$)/.test(src),
    });
  }
  if (options.ownNodeModules) copyNodeModules(root);
  else symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  // A venv of its own (~0.6 s from uv's cache), as setup makes one: generators sync it, so a
  // shared one would change under the other tests.
  syncVenv(root, join(root, 'apps/backend/requirements.lock'));
  // The local plugin resolves through node_modules/@farm/plugins → the repo's tools/farm-plugins.
  if (options.gitInit) {
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: root });
    writeFileSync(join(root, '.gitignore'), 'node_modules\n.nx\n.venv\n');
    execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', 'add', '-A'], { cwd: root });
    execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'init'], { cwd: root });
  }
  const ws: TempWorkspace = {
    root,
    nx(args, env = {}) {
      const result = spawnSync(process.execPath, [join(repoRoot, 'node_modules/nx/dist/bin/nx.js'), ...args], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, ...commandEnv, ...env },
        timeout: 120_000,
      });
      return { status: result.status ?? 1, output: `${result.stdout}\n${result.stderr}` };
    },
    farm(args) {
      const result = spawnSync(process.execPath, [join(repoRoot, 'tools/farm-plugins/bin/farm.js'), ...args], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, ...commandEnv },
        timeout: 180_000,
      });
      return { status: result.status ?? 1, output: `${result.stdout}\n${result.stderr}` };
    },
    read: (path) => readFileSync(join(root, path), 'utf8'),
    write: (path, contents) => writeFileSync(join(root, path), contents),
    json: (path) => JSON.parse(ws.read(path)),
    updateJson(path, update) {
      const value = ws.json(path);
      ws.write(path, JSON.stringify(update(value) ?? value, null, 2) + '\n');
    },
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
  return ws;
}

/**
 * Gives the workspace a node_modules npm may install into: a hardlink copy of the repo's (`cp -al`,
 * ~1.5 s for its 20k files; a real copy takes ~8 s). npm never writes an installed package's files
 * in place — it extracts a new package into a fresh folder and moves the old one aside, and
 * bin-links rewrites through write-file-atomic — so the shared files stay the repo's. What is
 * written in place is not shared: the hidden lockfile (arborist's plain writeFile) is copied for
 * real and tool caches (.cache, .vite) are left out. The npm workspace member tools/farm-plugins
 * (`workspaces: ["tools/*"]`; node_modules/@farm/plugins → ../../tools/farm-plugins) links to the
 * repo's files, so npm keeps @farm/plugins instead of pruning it and the code under test is the
 * repo's; its node_modules is the workspace's own (see linkWorkspaceMember), so tests check that
 * the repo's is unchanged.
 */
function copyNodeModules(root: string): void {
  const target = join(root, 'node_modules');
  execFileSync('cp', ['-al', join(repoRoot, 'node_modules'), target]);
  for (const cache of ['.cache', '.vite']) rmSync(join(target, cache), { recursive: true, force: true });
  rmSync(join(target, '.package-lock.json'), { force: true });
  copyFileSync(join(repoRoot, 'node_modules/.package-lock.json'), join(target, '.package-lock.json'));
  linkWorkspaceMember(root, 'tools/farm-plugins');
}

/**
 * The npm workspace member at `member` as a folder of links to the repo's files, except its
 * node_modules, which is a hardlink copy: npm re-extracts the member's nested packages (a folder
 * moved aside, then a new one) when it re-evaluates the member, and with the whole member linked
 * that moved the repo's own `tools/farm-plugins/node_modules/semver` away for a moment under every
 * other test running at the same time. Code loaded through the links runs from its real path, so
 * it still resolves the repo's packages.
 */
function linkWorkspaceMember(root: string, member: string): void {
  const source = join(repoRoot, member);
  const target = join(root, member);
  mkdirSync(target, { recursive: true });
  for (const entry of readdirSync(source)) {
    if (entry === 'node_modules') execFileSync('cp', ['-al', join(source, entry), join(target, entry)]);
    else symlinkSync(join(source, entry), join(target, entry));
  }
}
