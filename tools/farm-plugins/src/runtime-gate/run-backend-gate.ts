import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { holdUntilInterrupt, letPendingSignalsRun } from '../workspace-io/interrupt';
import { makeScratchFolder } from '../workspace-io/scratch-folder';
import type { PluginEffects } from './plugin-effects';

export const backendGateScript = join(__dirname, 'backend_gate.py');

/**
 * A gate process's lines to this one (farm_gate_channel.py): `@@farm-runtime-gate<kind>:<token>@@`,
 * the token a secret this process writes to the gate's stdin first, so that plugin code printing a
 * forged report, or a line naming another plugin's module, is not read as the gate's.
 */
export function gateChannel(): { token: string; marker: (kind: '' | '-importing' | '-starting') => string } {
  const token = randomBytes(16).toString('hex');
  return { token, marker: (kind) => `@@farm-runtime-gate${kind}:${token}@@` };
}
export type GateChannel = ReturnType<typeof gateChannel>;

export interface GateRoute {
  path: string;
  methods: string[];
  /** Python module of the endpoint: `farm_plugins.<alias>.…` for a plugin's route. */
  module: string | null;
  name: string | null;
  /** A Mount answers every URL below its path; a websocket route only websocket connections. */
  kind?: 'http' | 'websocket' | 'mount';
}

/** An AI endpoint whose handler Python's inspect cannot bind to (payload, ai, request). */
export interface GateEndpointRefusal {
  name: string;
  message: string;
}

/** Where a gate process's time went, in seconds: warming the host, importing the candidate. */
export interface GateSeconds {
  warm: number;
  import: number;
}

export type GateOutcome =
  | {
      ok: true;
      routes: GateRoute[];
      endpoints?: GateEndpointRefusal[];
      /** What plugin code did to other plugins while imported (in a session: since it started). */
      plugins?: PluginEffects;
      seconds?: GateSeconds;
    }
  | {
      ok: false;
      error: { type: string; message: string; frames: { file: string; line: number }[] };
      seconds?: GateSeconds;
    }
  | {
      ok: false;
      crashed: string;
      /**
       * The plugin module whose code was running when the process ended: a router's whose startup
       * code ran (farm_gate_startup.py), or one being imported (farm_gate_watch.py).
       */
      running?: { module: string; when: 'startup' | 'import' };
    };

/**
 * Imports the staged backend with `python` (the backend's own) and resolves to its routes or the
 * exception it raised. The import runs fenced (backend_gate.py's audit hook): a process, a
 * network connection, native code or a write outside a scratch folder is refused with a
 * PermissionError at the plugin's line. `extraPath` goes first on PYTHONPATH (packages a change would install).
 * Times out after `timeoutMs` (a plugin that hangs at import is a failure, not a hang). Asynchronous
 * so that a generator type-checks the frontend while Python imports (the gate's two halves at once).
 * The process and its scratch folder are held (interrupt.ts): Ctrl-C kills and removes them, and a
 * process ended by that Ctrl-C is not reported as the plugin's failure (the interrupt ends the command first).
 */
export function runBackendGate(
  python: string,
  staged: { root: string; src: string },
  options: { extraPath?: string; timeoutMs?: number } = {},
): Promise<GateOutcome> {
  // The only folder the imported code may write to (the gate's audit hook refuses the rest).
  const writable = makeScratchFolder('gate-writable');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    FARM_WORKSPACE_ROOT: staged.root,
    FARM_GATE_WRITABLE: writable.path,
    FARM_DATABASE: 'mongomock',
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONPATH: [options.extraPath, process.env.PYTHONPATH].filter(Boolean).join(':'),
  };
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise<GateOutcome>((resolve) => {
    const channel = gateChannel();
    const child = spawn(python, [backendGateScript], { cwd: staged.src, env, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.on('error', () => undefined); // a dead child is reported by 'close'
    child.stdin.end(`${channel.token}\n`);
    const held = holdUntilInterrupt({ child });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      held.release();
      resolve({ ok: false, crashed: `${python}: ${error.message}` });
    });
    child.on('close', async (status, signal) => {
      clearTimeout(timer);
      held.release();
      await letPendingSignalsRun();
      const marker = channel.marker('');
      const at = stdout.lastIndexOf(marker);
      const report = at >= 0 ? parseReport(stdout.slice(at + marker.length)) : undefined;
      if (report) return resolve(report);
      // No report, or one cut short (killed while writing the routes of 1,000 plugins).
      const why =
        signal === 'SIGKILL' && !child.exitCode
          ? `did not finish within ${Math.round(timeoutMs / 100) / 10} s`
          : `exited (${status ?? signal})`;
      resolve(crashedWhile(runningPluginCode(stdout, channel), `the backend ${why}`, lastLines(stderr)));
    });
  }).finally(() => writable.remove());
}

/**
 * The plugin module whose code the gate said last it was running, if it had not finished: a
 * router's startup code (farm_gate_startup.py) or a module's import (farm_gate_watch.py) — the
 * later of the two markers; an empty one says nothing runs.
 */
export function runningPluginCode(stdout: string, channel: GateChannel): Failed['running'] {
  const markers = [
    { marker: channel.marker('-starting'), when: 'startup' as const },
    { marker: channel.marker('-importing'), when: 'import' as const },
  ].map((m) => ({ ...m, at: stdout.lastIndexOf(m.marker) }));
  const last = markers.reduce((a, b) => (b.at > a.at ? b : a));
  if (last.at < 0) return undefined;
  const module = stdout
    .slice(last.at + last.marker.length)
    .split('\n', 1)[0]!
    .trim();
  return module ? { module, when: last.when } : undefined;
}

type Failed = Extract<GateOutcome, { crashed: string }>;

/** The outcome of a gate process that ended (`ended`: how) while `running` ran (runningPluginCode); `said`: its last words. */
export function crashedWhile(running: Failed['running'], ended: string, said: string): Failed {
  const during = !running
    ? 'before the gate could report'
    : running.when === 'startup'
      ? `while the startup code of ${running.module} ran`
      : `while ${running.module} was being imported`;
  return { ok: false, crashed: `${ended} ${during}${said ? `: ${said}` : ''}`, ...(running ? { running } : {}) };
}

function parseReport(text: string): GateOutcome | undefined {
  try {
    return JSON.parse(text) as GateOutcome;
  } catch {
    return undefined;
  }
}

/** The last lines of a process's output (its stderr), for a message saying why it ended. */
export function lastLines(text: string, count = 6): string {
  return text.trim().split('\n').slice(-count).join('\n');
}
