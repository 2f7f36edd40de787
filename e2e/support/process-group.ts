import { spawn, type ChildProcess } from 'node:child_process';

/**
 * A command started the way a terminal starts it: leading its own process group, so `interrupt()`
 * is exactly Ctrl-C (SIGINT to the whole foreground group) and nothing reaches jest's group.
 * Output is kept whole, with `mark()`/`waitForOutput()` to wait for what follows an action.
 */
export interface GroupProcess {
  name: string;
  child: ChildProcess;
  pid: number;
  output(): string;
  /** Position in the output now; pass it to waitForOutput to look only at what comes after. */
  mark(): number;
  waitForOutput(pattern: RegExp, options: { from?: number; timeoutMs: number }): Promise<RegExpExecArray>;
  exited(): boolean;
}

const started = new Set<GroupProcess>();

// Last resort if jest exits without afterAll: the whole group, not just the leader.
process.on('exit', () => {
  for (const p of started)
    if (!p.exited())
      try {
        process.kill(-p.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
});

export function startGroup(
  name: string,
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): GroupProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  let done = false;
  const waiters = new Set<() => void>();
  const append = (chunk: Buffer | string) => {
    log += chunk.toString();
    waiters.forEach((w) => w());
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  child.once('error', (error) => append(`spawn error: ${error.message}\n`));
  child.once('exit', (code, signal) => {
    done = true;
    append(`\n<${name} exited: ${signal ?? code}>\n`);
  });
  const proc: GroupProcess = {
    name,
    child,
    pid: child.pid!,
    output: () => log,
    mark: () => log.length,
    exited: () => done,
    waitForOutput(pattern, { from = 0, timeoutMs }) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const re = new RegExp(pattern.source, pattern.flags.replace('g', ''));
          const match = re.exec(log.slice(from));
          if (match) return finish(() => resolve(match));
          if (done)
            return finish(() =>
              reject(new Error(`${name} exited before printing ${pattern}:\n${tail(log.slice(from))}`)),
            );
        };
        const timer = setTimeout(
          () =>
            finish(() =>
              reject(
                new Error(`${name}: no ${pattern} within ${timeoutMs} ms; output since:\n${tail(log.slice(from))}`),
              ),
            ),
          timeoutMs,
        );
        const finish = (then: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          then();
        };
        waiters.add(check);
        check();
      });
    },
  };
  started.add(proc);
  child.once('exit', () => started.delete(proc));
  return proc;
}

/** Ctrl-C: SIGINT to the group; resolves with how it exited, or rejects after `timeoutMs`. */
export async function interrupt(
  proc: GroupProcess,
  timeoutMs: number,
  signal: NodeJS.Signals = 'SIGINT',
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (proc.exited()) return { code: proc.child.exitCode, signal: proc.child.signalCode };
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.child.once('exit', (code, sig) => resolve({ code, signal: sig })),
  );
  try {
    process.kill(-proc.pid, signal);
  } catch {
    // already gone
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) =>
      (timer = setTimeout(
        () => reject(new Error(`${proc.name} still running ${timeoutMs} ms after ${signal}:\n${tail(proc.output())}`)),
        timeoutMs,
      )),
  );
  try {
    return await Promise.race([exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Kills a group outright (cleanup after a failed test). */
export function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function tail(text: string, chars = 6_000): string {
  return text.length > chars ? `…${text.slice(-chars)}` : text;
}
