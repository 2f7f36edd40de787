import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { holdUntilInterrupt, letPendingSignalsRun, type Held } from '../workspace-io/interrupt';
import { makeScratchFolder } from '../workspace-io/scratch-folder';
import {
  backendGateScript,
  crashedWhile,
  gateChannel,
  lastLines,
  runningPluginCode,
  type GateOutcome,
} from './run-backend-gate';

/** One question to the gate: import these candidates, and say which top-level modules exist. */
export interface GateRequest {
  /** `path`: a folder holding a generated `plugins` package, put before the host's src. */
  candidates: { id: string; path: string }[];
  /** Top-level module names (`slugify`), asked with importlib's find_spec (nothing is run). */
  modules: string[];
}

export interface GateReport {
  candidates: Record<string, GateOutcome>;
  modules: Record<string, boolean>;
  /** Installed distributions, names normalized as PEP 503 does (`python-slugify`). */
  distributions: string[];
}

/** Where the session runs: the backend's own Python, the host's src (cwd) and the workspace whose plugin folders are mounted. */
export interface GateSessionOptions {
  python: string;
  /** `<workspace>/<backend>/src`. */
  src: string;
  workspaceRoot: string;
  /** Per request; a plugin that hangs at import fails its whole request (default 120 s). */
  timeoutMs?: number;
}

function gateEnv(options: GateSessionOptions, writable: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    FARM_WORKSPACE_ROOT: options.workspaceRoot,
    FARM_GATE_WRITABLE: writable,
    FARM_DATABASE: 'mongomock',
    PYTHONDONTWRITEBYTECODE: '1',
  };
}

/** A request whose process died: every candidate fails with the reason, no module is known. */
function crashedReport(request: GateRequest, why: GateOutcome): GateReport {
  return {
    candidates: Object.fromEntries(request.candidates.map((c) => [c.id, why])),
    modules: {},
    distributions: [],
  };
}

/**
 * One request to a fresh gate process (backend_gate.py --serve), which ends once it has answered:
 * for callers that ask once (`farm plugin validate <dir>`, the single validate executor). A
 * one-request GateSession, so its process is asynchronous and held like a session's (Ctrl-C ends
 * it and removes its scratch folder at once; a spawnSync would keep the signal until it returned).
 */
export async function askGateOnce(
  options: GateSessionOptions,
  request: GateRequest,
  timeoutMs = options.timeoutMs ?? 120_000,
): Promise<GateReport> {
  const session = new GateSession(options);
  try {
    return await session.ask(request, timeoutMs);
  } finally {
    session.close();
  }
}

/**
 * A gate process that answers many requests (validate's batch: one a chunk of plugins), so
 * FastAPI and the plugins shared by many candidates are imported once per batch, not once per
 * chunk. Requests are answered in order; `close()` ends the process and removes its scratch
 * folder. Both are held (interrupt.ts) until then: Ctrl-C kills the process and removes the folder.
 */
export class GateSession {
  private child: ChildProcessWithoutNullStreams | undefined;
  private heldChild: Held | undefined;
  private readonly writable = makeScratchFolder('gate-writable');
  private buffer = '';
  private stderr = '';
  /** The last line the gate wrote saying what plugin code runs (runningPluginCode reads it). */
  private running = '';
  /** The gate process's channel: only its lines are read (farm_gate_channel.py). */
  private channel = gateChannel();
  private waiting: { resolve: (report: GateReport) => void; request: GateRequest; timer: NodeJS.Timeout }[] = [];

  constructor(private readonly options: GateSessionOptions) {}

  /**
   * Sends a request; the report comes back when the gate has judged it (or its process died, or
   * `timeoutMs` passed: default the session's, else 120 s).
   */
  ask(request: GateRequest, timeoutMs = this.options.timeoutMs ?? 120_000): Promise<GateReport> {
    const child = this.start();
    return new Promise((resolve) => {
      const timer = setTimeout(
        () =>
          this.fail(
            crashedWhile(
              runningPluginCode(this.running, this.channel),
              `the runtime gate did not answer within ${timeoutMs} ms`,
              '',
            ),
          ),
        timeoutMs,
      );
      this.waiting.push({ resolve, request, timer });
      child.stdin.write(JSON.stringify(request) + '\n');
    });
  }

  close(): void {
    this.child?.stdin.end();
    this.child = undefined;
    this.heldChild?.release();
    this.heldChild = undefined;
    this.writable.remove();
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawn(this.options.python, [backendGateScript, '--serve'], {
      cwd: this.options.src,
      env: gateEnv(this.options, this.writable.path),
      stdio: 'pipe',
    });
    this.heldChild = holdUntilInterrupt({ child });
    this.channel = gateChannel();
    child.stdin.write(`${this.channel.token}\n`);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => this.read(chunk));
    // Only the end is kept: a plugin printing much at import must not grow this without bound.
    child.stderr.on('data', (chunk: string) => (this.stderr = (this.stderr + chunk).slice(-8192)));
    child.on('error', (error) => this.fail(`${this.options.python}: ${error.message}`));
    child.on('close', async (code, signal) => {
      // Killed by the Ctrl-C that ends this command: the interrupt's handler runs first and exits.
      await letPendingSignalsRun();
      if (this.child === child)
        this.fail(
          crashedWhile(
            runningPluginCode(this.running, this.channel),
            `the gate exited (${code ?? signal})`,
            lastLines(this.stderr),
          ),
        );
    });
    child.stdin.on('error', () => undefined); // a dead child is reported by 'close'
    this.child = child;
    return child;
  }

  private read(chunk: string): void {
    this.buffer += chunk;
    let newline;
    while ((newline = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + 1);
      // What plugin code runs now (farm_gate_watch.py, farm_gate_startup.py): a crash names it.
      const { marker } = this.channel;
      if (line.startsWith(marker('-importing')) || line.startsWith(marker('-starting'))) this.running = line;
      if (!line.startsWith(marker(''))) continue;
      let report: GateReport;
      try {
        report = JSON.parse(line.slice(marker('').length));
      } catch (error) {
        return this.fail(`the runtime gate's report does not parse: ${(error as Error).message}`);
      }
      const next = this.waiting.shift();
      if (!next) continue;
      clearTimeout(next.timer);
      next.resolve(report);
    }
  }

  /** Fails every pending request (`why`: a reason, or the outcome) and drops the process (the next request starts a new one). */
  private fail(why: string | GateOutcome): void {
    const outcome: GateOutcome = typeof why === 'string' ? { ok: false, crashed: why } : why;
    this.running = '';
    const pending = this.waiting;
    this.waiting = [];
    if (this.child) {
      // No more of its output: a half-read report must not be parsed later.
      this.child.stdout.removeAllListeners();
      this.child.stderr.removeAllListeners();
      this.child.removeAllListeners();
      this.child.kill();
      this.child = undefined;
      this.heldChild?.release();
      this.heldChild = undefined;
    }
    this.buffer = '';
    for (const { resolve, request, timer } of pending) {
      clearTimeout(timer);
      resolve(crashedReport(request, outcome));
    }
  }
}
