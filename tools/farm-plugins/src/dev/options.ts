import { resolve } from 'node:path';
import { createDevLog, type DevLog } from './lib/log';

export type IntegrateStrategy = 'in-process' | 'nx';

export interface DevLoopOptions {
  /** The Nx workspace to serve; the process must run inside it (Nx's graph is per cwd). */
  workspaceRoot: string;
  /** Interface both servers listen on. Default 127.0.0.1. */
  host?: string;
  /** uvicorn's port. Default 8000. */
  backendPort?: number;
  /** Vite's port. Default 5173. */
  frontendPort?: number;
  /**
   * How a change is integrated: `in-process` (default) calls the integrate core directly, ~30 ms;
   * `nx` runs `nx run-many -t integrate -p <hosts>`, which adds a CLI start (0.6–1.8 s).
   */
  integrate?: IntegrateStrategy;
  /** Quiet time after the last file event before integrating. Default 75 ms. */
  debounceMs?: number;
  /** How long the servers may take to answer after start. Default 60 s. */
  readyTimeoutMs?: number;
  /** Stop on SIGINT/SIGTERM/SIGHUP (the CLI sets this). Default false. */
  handleSignals?: boolean;
  log?: DevLog;
}

export type NormalizedDevLoopOptions = Required<DevLoopOptions>;

export function normalizeDevLoopOptions(options: DevLoopOptions): NormalizedDevLoopOptions {
  const port = (value: number | undefined, fallback: number, what: string) => {
    const p = value ?? fallback;
    if (!Number.isInteger(p) || p < 1 || p > 65_535)
      throw new Error(`${what} must be a port number (1–65535), got ${value}`);
    return p;
  };
  const integrate = options.integrate ?? 'in-process';
  if (integrate !== 'in-process' && integrate !== 'nx')
    throw new Error(`integrate must be "in-process" or "nx", got "${integrate}"`);
  return {
    workspaceRoot: resolve(options.workspaceRoot),
    host: options.host ?? '127.0.0.1',
    backendPort: port(options.backendPort, 8000, 'backend port'),
    frontendPort: port(options.frontendPort, 5173, 'frontend port'),
    integrate,
    debounceMs: options.debounceMs ?? 75,
    readyTimeoutMs: options.readyTimeoutMs ?? 60_000,
    handleSignals: options.handleSignals ?? false,
    log: options.log ?? createDevLog(),
  };
}
