import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signalGroup } from '../dev/lib/process-group';
import { journalPath } from '../workspace-io/file-transaction';
import { processTable } from './process-table';
import { repoRoot } from './temp-workspace';

/**
 * nx as a user's shell runs it, under Nx's defaults: plugin isolation on (the graph plugin, which
 * recovers an interrupted change, runs in a plugin worker). The daemon stays off, as on CI, so
 * no process outlives the command and every process of it is in its process group.
 */
export const nxDefaultsEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    FORCE_COLOR: '0',
  };
  delete env.NX_ISOLATE_PLUGINS;
  delete env.NX_SKIP_NX_CACHE;
  return env;
};

/** When to SIGKILL a command: never, `afterMs` after its start, or `afterMs` after the journal appears. */
export type KillPlan = { at: 'never' } | { at: 'start'; afterMs: number } | { at: 'journal'; afterMs: number };

/** What happened to one run of nx. Times in ms from the spawn. */
export interface GroupRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  ms: number;
  /** The kill was sent (false: the command finished first, or the plan was 'never'). */
  killed: boolean;
  /** When `.farm/transaction.json` was first and last seen (polled every ms), if it was. */
  journal?: { firstMs: number; lastMs: number };
  /** The journal's state when the kill was sent: a change caught part-way. */
  journalAtKill: 'prepare' | 'commit' | 'unreadable' | 'none';
  /** Pids of the group still alive 5 s after the kill (should be none). */
  survivors: number[];
}

/**
 * Runs `nx <args>` in `root` as the leader of a new process group and, per `plan`, SIGKILLs the
 * whole group: `nx g` and `nx run` fork workers (the task runner's fork, the plugin workers), and
 * killing the leader alone would leave them writing. Resolves once every process of the group is
 * gone (or 5 s after the kill, naming the survivors). Async spawn throughout: jest's event loop
 * keeps polling the journal meanwhile.
 */
export function runNxGroup(
  root: string,
  args: readonly string[],
  plan: KillPlan = { at: 'never' },
  timeoutMs = 180_000,
): Promise<GroupRun> {
  const started = Date.now();
  const journal = journalPath(root);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repoRoot, 'node_modules/nx/dist/bin/nx.js'), ...args], {
      cwd: root,
      env: nxDefaultsEnv(),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const pgid = child.pid!;
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const run: GroupRun = {
      status: null,
      signal: null,
      output: '',
      ms: 0,
      killed: false,
      journalAtKill: 'none',
      survivors: [],
    };
    let exited = false;
    const kill = () => {
      if (exited || run.killed) return;
      run.journalAtKill = journalState(journal);
      run.killed = true;
      signalGroup(pgid, 'SIGKILL');
    };
    const watch = setInterval(() => {
      if (!existsSync(journal)) return;
      const ms = Date.now() - started;
      if (!run.journal) {
        run.journal = { firstMs: ms, lastMs: ms };
        if (plan.at === 'journal') setTimeout(kill, plan.afterMs);
      }
      run.journal.lastMs = ms;
    }, 1);
    const timers = [setTimeout(() => signalGroup(pgid, 'SIGKILL'), timeoutMs)];
    if (plan.at === 'start') timers.push(setTimeout(kill, plan.afterMs));
    child.once('exit', async (status, signal) => {
      exited = true;
      clearInterval(watch);
      timers.forEach(clearTimeout);
      run.ms = Date.now() - started;
      run.status = status;
      run.signal = signal;
      // The leader is gone; its workers were killed with it, or finish on their own when not killed.
      if (run.killed) run.survivors = await groupGone(pgid, 5_000);
      run.output = output;
      resolve(run);
    });
  });
}

function journalState(path: string): GroupRun['journalAtKill'] {
  try {
    const state = JSON.parse(readFileSync(path, 'utf8')).state;
    return state === 'prepare' || state === 'commit' ? state : 'unreadable';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'none' : 'unreadable';
  }
}

/** Waits until no live process has process group `pgid`; returns the pids still alive at the deadline. */
async function groupGone(pgid: number, deadlineMs: number): Promise<number[]> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const members = groupMembers(pgid);
    if (!members.length || Date.now() > until) return members;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Live (not zombie) pids of a process group. */
function groupMembers(pgid: number): number[] {
  return processTable()
    .filter((p) => p.state !== 'Z' && p.pgid === pgid)
    .map((p) => p.pid);
}
