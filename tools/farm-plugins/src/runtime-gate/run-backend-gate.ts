import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const backendGateScript = join(__dirname, 'backend_gate.py');
const marker = '@@farm-runtime-gate@@';

export interface GateRoute {
  path: string;
  methods: string[];
  /** Python module of the endpoint: `farm_plugins.<alias>.…` for a plugin's route. */
  module: string | null;
  name: string | null;
}

/** An AI endpoint whose handler Python's inspect cannot bind to (payload, ai, request). */
export interface GateEndpointRefusal {
  name: string;
  message: string;
}

export type GateOutcome =
  | { ok: true; routes: GateRoute[]; endpoints?: GateEndpointRefusal[] }
  | { ok: false; error: { type: string; message: string; frames: { file: string; line: number }[] } }
  | { ok: false; crashed: string };

/**
 * Imports the staged backend with `python` (the backend's own) and returns its routes or the
 * exception it raised. The import runs fenced (backend_gate.py's audit hook): a process, a
 * network connection, native code or a write outside a scratch folder is refused with a
 * PermissionError at the plugin's line. `extraPath` goes first on PYTHONPATH (packages a change would install).
 * Times out after `timeoutMs` (a plugin that hangs at import is a failure, not a hang).
 */
export function runBackendGate(
  python: string,
  staged: { root: string; src: string },
  options: { extraPath?: string; timeoutMs?: number } = {},
): GateOutcome {
  // The only folder the imported code may write to (the gate's audit hook refuses the rest).
  const writable = mkdtempSync(join(tmpdir(), 'farm-gate-writable-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    FARM_WORKSPACE_ROOT: staged.root,
    FARM_GATE_WRITABLE: writable,
    FARM_DATABASE: 'mongomock',
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONPATH: [options.extraPath, process.env.PYTHONPATH].filter(Boolean).join(':'),
  };
  const run = spawnSync(python, [backendGateScript], {
    cwd: staged.src,
    env,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  rmSync(writable, { recursive: true, force: true });
  if (run.error) return { ok: false, crashed: `${python}: ${run.error.message}` };
  const at = run.stdout.lastIndexOf(marker);
  if (at < 0)
    return {
      ok: false,
      crashed: `the backend exited (${run.status ?? run.signal}) before the gate could report: ${lastLines(run.stderr)}`,
    };
  return JSON.parse(run.stdout.slice(at + marker.length));
}

function lastLines(text: string, count = 6): string {
  return text.trim().split('\n').slice(-count).join('\n');
}
