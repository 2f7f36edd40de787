import { followSources } from './lib/follow-sources';
import { discoverHostProjects, type HostProject } from './lib/host-projects';
import { createIntegrator } from './lib/integrator';
import { formatMs, type DevLog } from './lib/log';
import { signalGroup, spawnGroup, startReaper, stopGroup, type ProcessGroup, type Reaper } from './lib/process-group';
import { backendCommand, frontendCommand, type ServerCommand } from './lib/server-commands';
import { waitForHttp } from './lib/wait-for-http';
import type { SourceWatcher } from './lib/watch-sources';
import { normalizeDevLoopOptions, type DevLoopOptions, type NormalizedDevLoopOptions } from './options';

export interface DevLoop {
  urls: { backend: string; frontend: string };
  /** Resolves once both servers answer; rejects if one fails to come up (the loop then stops). */
  ready: Promise<void>;
  /** Resolves with the exit code once everything has stopped. */
  done: Promise<number>;
  /** Stops watching and both servers (their whole process groups). Idempotent. */
  stop(reason?: string): Promise<number>;
}

/**
 * `farm dev`: integrate, start uvicorn (--reload) and Vite, then re-integrate only the affected
 * hosts whenever libs/plugins/** or workspace.json change (issue 7). Generated files are written
 * only when their bytes change, so the servers reload only for real changes; a broken manifest
 * writes nothing, and both servers keep serving the last good code.
 */
export async function runDevLoop(input: DevLoopOptions): Promise<DevLoop> {
  const options = normalizeDevLoopOptions(input);
  const { log, workspaceRoot } = options;
  const started = Date.now();
  log.info(`dev loop for ${workspaceRoot} (integrate: ${options.integrate})`);

  const hosts = requireHosts(await discoverHostProjects(workspaceRoot));
  const integrator = createIntegrator(options, hosts);
  await integrator.run(hosts, 'start');

  const commands = serverCommands(options, hosts);
  const servers = commands.map((command) => startServer(command, options));
  const reaper = startReaper(servers.map((s) => s.pgid));
  const watcher = followSources(options, integrator, hosts);

  const loop = createLifecycle(options, servers, watcher, reaper);
  loop.ready = waitUntilReady(options, commands, servers, started, () => loop.crashed).catch(async (error) => {
    await loop.stop('a server did not start', 1);
    throw error;
  });
  loop.ready.catch(() => undefined); // callers that never await `ready` still learn it from `done`
  servers.forEach((server) => exitWatch(server, loop));
  if (options.handleSignals) handleSignals(loop, servers, log);
  return loop;
}

function requireHosts(hosts: HostProject[]): HostProject[] {
  const kinds = new Set(hosts.map((h) => h.host));
  if (!kinds.has('backend') || !kinds.has('frontend')) {
    throw new Error(
      `the dev loop needs a backend and a frontend host project (an "integrate" target with executor @farm/plugins:integrate); found: ${hosts.map((h) => `${h.project} (${h.host})`).join(', ') || 'none'}`,
    );
  }
  return hosts;
}

function serverCommands(
  options: NormalizedDevLoopOptions,
  hosts: readonly HostProject[],
): [backend: ServerCommand, frontend: ServerCommand] {
  const root = (host: 'backend' | 'frontend') => hosts.find((h) => h.host === host)!.root;
  const backend = backendCommand({
    workspaceRoot: options.workspaceRoot,
    projectRoot: root('backend'),
    host: options.host,
    port: options.backendPort,
  });
  const frontend = frontendCommand({
    workspaceRoot: options.workspaceRoot,
    projectRoot: root('frontend'),
    host: options.host,
    port: options.frontendPort,
    backendUrl: backend.url,
  });
  return [backend, frontend];
}

function startServer(command: ServerCommand, options: NormalizedDevLoopOptions): ProcessGroup {
  const { log } = options;
  const group = spawnGroup(command.name, command.command, command.args, {
    cwd: options.workspaceRoot,
    env: { ...process.env, ...command.env },
    onLine: (line, stream) => log.server(command.name, line, stream),
  });
  log.info(`started ${command.name} (pid ${group.pgid}): ${command.url}`);
  return group;
}

interface Lifecycle extends DevLoop {
  stop(reason?: string, code?: number): Promise<number>;
  stopping: boolean;
  /** The server that exited on its own, if one did. */
  crashed?: string;
}

function createLifecycle(
  options: NormalizedDevLoopOptions,
  servers: ProcessGroup[],
  watcher: SourceWatcher,
  reaper: Reaper,
): Lifecycle {
  const { log } = options;
  let finish!: (code: number) => void;
  const done = new Promise<number>((resolve) => (finish = resolve));
  let stopped: Promise<number> | undefined;
  const loop: Lifecycle = {
    urls: {
      backend: `http://${options.host}:${options.backendPort}`,
      frontend: `http://${options.host}:${options.frontendPort}`,
    },
    ready: Promise.resolve(),
    done,
    stopping: false,
    stop(reason = 'stop requested', code = 0) {
      stopped ??= (async () => {
        loop.stopping = true;
        log.info(`stopping (${reason})…`);
        watcher.close();
        await Promise.all(servers.map((server) => stopGroup(server)));
        reaper.release();
        log.info('stopped backend and frontend');
        finish(code);
        return code;
      })();
      return stopped;
    },
  };
  // Last resort if the process exits without stop() (an uncaught error): no orphans either way.
  // Only groups whose leader still runs: a stopped group's id may belong to someone else by now.
  process.once('exit', () => servers.filter((s) => s.isRunning()).forEach((s) => signalGroup(s.pgid, 'SIGKILL')));
  return loop;
}

async function waitUntilReady(
  options: NormalizedDevLoopOptions,
  commands: readonly [backend: ServerCommand, frontend: ServerCommand],
  servers: ProcessGroup[],
  started: number,
  crashed: () => string | undefined,
): Promise<void> {
  const anyDown = () => servers.some((s) => !s.isRunning());
  const results = await Promise.all(commands.map((c) => waitForHttp(c.readyUrl, options.readyTimeoutMs, anyDown)));
  if (crashed()) throw new Error(`${crashed()} exited before answering (see its output above)`);
  const failed = commands.filter((_, i) => !results[i]).map((c) => c.name);
  if (failed.length)
    throw new Error(
      `${failed.join(' and ')} did not answer within ${formatMs(options.readyTimeoutMs)} (see the output above)`,
    );
  const [backend, frontend] = commands;
  options.log.ok(`ready in ${formatMs(Date.now() - started)} — app ${frontend.url}  API ${backend.url}/docs`);
  options.log.info('edit libs/plugins/** or workspace.json and save; Ctrl-C stops both servers');
}

function exitWatch(server: ProcessGroup, loop: Lifecycle): void {
  void server.exited.then(({ code, signal }) => {
    if (loop.stopping) return;
    loop.crashed = server.name;
    void loop.stop(`${server.name} exited (${signal ?? `code ${code}`})`, 1);
  });
}

function handleSignals(loop: Lifecycle, servers: ProcessGroup[], log: DevLog): void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (loop.stopping) {
      // Asked twice: do not wait for graceful shutdowns any more.
      log.warn(`${signal} again — killing the servers`);
      servers.filter((s) => s.isRunning()).forEach((s) => signalGroup(s.pgid, 'SIGKILL'));
      return;
    }
    void loop.stop(signal, 0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  void loop.done.then(() => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(signal, onSignal);
  });
}
