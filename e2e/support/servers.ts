import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { pollHttp } from '../../tools/farm-plugins/src/dev/lib/wait-for-http';

// Child processes for the e2e run: started here, killed here by pid, never by name.

export interface Server {
  name: string;
  child: ChildProcess;
  output: () => string; // recent stdout+stderr, for failure messages
}

const started = new Set<ChildProcess>();

// Last-resort cleanup if jest exits without running afterAll (crash, Ctrl-C).
process.on('exit', () => {
  for (const child of started) if (child.exitCode === null && child.pid) child.kill('SIGKILL');
});

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function start(
  name: string,
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Server {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  child.once('exit', () => started.delete(child));
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-8_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.once('error', (err) => keep(Buffer.from(`spawn error: ${err.message}\n`)));
  return { name, child, output: () => log };
}

// SIGTERM, then SIGKILL if it has not exited within `graceMs`.
export async function stop(server: Server | undefined, graceMs = 5_000): Promise<void> {
  const child = server?.child;
  if (!child || child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

// Poll `url` until it answers with a status accepted by `ok`; fail early if the server died.
export async function waitForHttp(
  server: Server,
  url: string,
  timeoutMs: number,
  ok = (status: number) => status < 500,
): Promise<void> {
  const exited = () => server.child.exitCode !== null || server.child.signalCode !== null;
  const { answered, last } = await pollHttp(url, { timeoutMs, accept: ok, gaveUp: exited, intervalMs: 200 });
  if (answered) return;
  if (exited())
    throw new Error(
      `${server.name} exited (${server.child.exitCode ?? server.child.signalCode}) before ${url} answered:\n${server.output()}`,
    );
  throw new Error(`${server.name}: ${url} not ready after ${timeoutMs} ms (${last}):\n${server.output()}`);
}

// For one-shot commands (a build): resolve on exit 0, reject with its output otherwise.
export function waitForExit(server: Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${server.name} still running after ${timeoutMs} ms:\n${server.output()}`)),
      timeoutMs,
    );
    const done = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${server.name} failed (${code ?? signal}):\n${server.output()}`));
    };
    if (server.child.exitCode !== null || server.child.signalCode !== null)
      done(server.child.exitCode, server.child.signalCode);
    else server.child.once('exit', done);
  });
}
