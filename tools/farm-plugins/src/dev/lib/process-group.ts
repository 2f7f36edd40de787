import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * A server the dev loop started. It is spawned `detached`, so it leads its own process group and
 * everything it forks (uvicorn's reload worker, Vite's helpers) can be signalled as one: a
 * terminal's Ctrl-C never reaches the group directly, the loop stops it.
 */
export interface ProcessGroup {
  name: string;
  child: ChildProcess;
  /** Process group id (the leader's pid). */
  pgid: number;
  /** Resolves when the leader has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  isRunning(): boolean;
}

export interface SpawnGroupOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Each line the process prints, as it prints it. */
  onLine: (line: string, stream: 'stdout' | 'stderr') => void;
}

export function spawnGroup(
  name: string,
  command: string,
  args: readonly string[],
  options: SpawnGroupOptions,
): ProcessGroup {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      running = false;
      resolve({ code, signal });
    });
    child.once('error', (error) => {
      running = false;
      options.onLine(`could not start ${command}: ${error.message}`, 'stderr');
      resolve({ code: 127, signal: null });
    });
  });
  for (const stream of ['stdout', 'stderr'] as const) {
    createInterface({ input: child[stream]!, crlfDelay: Infinity }).on('line', (line) => options.onLine(line, stream));
  }
  return { name, child, pgid: child.pid ?? -1, exited, isRunning: () => running };
}

/** Signals a whole group; false when it is gone already. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  if (pgid <= 0) return false;
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/**
 * SIGTERM to the group, then SIGKILL to whatever is left once the leader has exited or `graceMs`
 * passed. Waiting on the leader, not on the group, because an orphaned zombie (no init reaping in
 * a container) would keep a group "alive" forever.
 */
export async function stopGroup(group: ProcessGroup, graceMs = 5_000): Promise<void> {
  if (group.pgid <= 0) return;
  signalGroup(group.pgid, 'SIGTERM');
  await exitedWithin(group, graceMs);
  signalGroup(group.pgid, 'SIGKILL');
  await exitedWithin(group, 2_000);
}

async function exitedWithin(group: ProcessGroup, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([group.exited, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

export interface Reaper {
  /** Normal shutdown: the loop stopped the groups itself, the reaper can go. */
  release(): void;
}

// Runs detached from the loop with its stdin on a pipe from the loop. The pipe closes however
// the loop ends — SIGKILL and crashes included — and then the reaper stops the groups.
const reaperScript = [
  'IFS= read -r line',
  '[ "$line" = release ] && exit 0',
  'for g in "$@"; do kill -TERM "-$g" 2>/dev/null; done', // dash: no `--` in kill
  'sleep 3',
  'for g in "$@"; do kill -KILL "-$g" 2>/dev/null; done',
].join('\n');

/** Makes sure the groups die with the loop even when the loop cannot clean up (SIGKILL, crash). */
export function startReaper(pgids: readonly number[]): Reaper {
  const child = spawn('/bin/sh', ['-c', reaperScript, 'farm-dev-reaper', ...pgids.filter((p) => p > 0).map(String)], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  child.on('error', () => undefined); // no /bin/sh: the loop's own shutdown still works
  child.stdin!.on('error', () => undefined);
  child.unref();
  (child.stdin as unknown as { unref?: () => void }).unref?.();
  return {
    release() {
      if (child.exitCode === null && !child.stdin!.destroyed) child.stdin!.end('release\n');
    },
  };
}
