import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { processTable } from '../../tools/farm-plugins/src/testing/process-table';

/** The repository the e2e runs in. */
export const repoRoot = resolve(__dirname, '../..');

// What a fresh clone has that the dev loop and the Nx tasks need (node_modules and .venv come as
// symlinks to the repo's: installing is not what these tests are about).
const tracked = [
  'nx.json',
  'package.json',
  'package-lock.json',
  'tsconfig.base.json',
  'workspace.json',
  'project.json',
  '.gitignore',
  'pyproject.toml',
  'uv.lock',
  'apps',
  'libs',
  'tools',
];
// Never in a clone: installs, caches, build output, the plugins' gitignored typegen output.
const untracked =
  /(^|\/)(node_modules|__pycache__|\.pytest_cache|\.nx|dist|tmp|coverage)(\/|$)|\.pyc$|^libs\/plugins\/[^/]+\/generated(\/|$)/;

export interface WorkspaceCopy {
  root: string;
  path(file: string): string;
  read(file: string): string;
  write(file: string, contents: string): void;
  /** Runs the real nx CLI (daemon off, no Nx Cloud); never throws. */
  nx(
    args: string[],
    env?: NodeJS.ProcessEnv,
    timeoutMs?: number,
  ): Promise<{ status: number; output: string; ms: number }>;
  /** Runs any command in the copy with the given environment as is (no Nx settings added); never throws. */
  run(
    command: string,
    args: string[],
    env: NodeJS.ProcessEnv,
    timeoutMs?: number,
  ): Promise<{ status: number; output: string; ms: number }>;
  dispose(): void;
}

/** A throwaway copy of this workspace, as a fresh clone would have it. */
export function copyWorkspace(prefix = 'farm-clone-'): WorkspaceCopy {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const entry of tracked) {
    if (!existsSync(join(repoRoot, entry))) continue;
    cpSync(join(repoRoot, entry), join(root, entry), {
      recursive: true,
      filter: (src) => !untracked.test(relative(repoRoot, src).split('\\').join('/')),
    });
  }
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  symlinkSync(join(repoRoot, '.venv'), join(root, '.venv'), 'dir');
  // `node_modules/` (with a slash) does not match a symlink: spell it so Nx's walker skips it too.
  writeFileSync(
    join(root, '.gitignore'),
    `${existsSync(join(root, '.gitignore')) ? readFileSync(join(root, '.gitignore'), 'utf8') : ''}\nnode_modules\n.venv\n`,
  );
  const copy: WorkspaceCopy = {
    root,
    path: (file) => join(root, file),
    read: (file) => readFileSync(join(root, file), 'utf8'),
    write: (file, contents) => writeFileSync(join(root, file), contents),
    nx: (args, env = {}, timeoutMs = 120_000) =>
      runIn(root, process.execPath, [nxBin, ...args], { ...process.env, ...nxEnv, ...env }, timeoutMs),
    run: (command, args, env, timeoutMs = 120_000) => runIn(root, command, args, env, timeoutMs),
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
  return copy;
}

export const nxBin = (() => {
  const pkg = require.resolve('nx/package.json', { paths: [repoRoot] });
  const bin = JSON.parse(readFileSync(pkg, 'utf8')).bin;
  return join(dirname(pkg), typeof bin === 'string' ? bin : bin.nx);
})();

export const nxEnv: NodeJS.ProcessEnv = {
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
  NX_ISOLATE_PLUGINS: 'false',
  FORCE_COLOR: '0',
  NX_SKIP_NX_CACHE: undefined,
};

/** Runs a command asynchronously (an in-process server may have to answer it), SIGKILLed after `timeoutMs`. */
function runIn(
  cwd: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<{ status: number; output: string; ms: number }> {
  const started = Date.now();
  return new Promise((done) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      done({
        status: code ?? 1,
        output: signal ? `${output}\n(killed: ${signal}, timeout ${timeoutMs} ms)` : output,
        ms: Date.now() - started,
      });
    });
  });
}

export { processTable };

/** Every descendant pid of `pid`, to check that nothing outlives a stop. */
export function descendants(pid: number): number[] {
  const table = processTable();
  const out: number[] = [];
  const visit = (parent: number) =>
    table.filter((p) => p.ppid === parent).forEach((p) => (out.push(p.pid), visit(p.pid)));
  visit(pid);
  return out;
}

/** Pids still running (zombies count as gone: they hold no resources but a table slot). */
export function alive(pids: readonly number[]): number[] {
  const running = new Set(
    processTable()
      .filter((p) => p.state !== 'Z')
      .map((p) => p.pid),
  );
  return pids.filter((pid) => running.has(pid));
}
