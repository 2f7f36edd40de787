/** One change a hook made through its Tree, replayed by the generator on the real one. */
export type TreeOperation = { hook?: string } & (
  | { op: 'write'; path: string; content: Uint8Array; options?: { mode?: string | number } }
  | { op: 'delete'; path: string }
  | { op: 'chmod'; path: string; mode: string | number }
);

/** The generator's Tree as the hook starts from it: content, or null for a deleted path. */
export interface TreeChangeSnapshot {
  path: string;
  content: Uint8Array | null;
  options?: { mode?: string | number };
}

/** What the fenced process gets: plain data only (it crosses the IPC channel). */
export interface FencedHookRequest {
  /** Package name, for the progress lines. */
  plugin: string;
  /** Absolute path of the module exporting the hooks (package.json `main`). */
  entry: string;
  /** Run in this order; those the module does not export are skipped. */
  hooks: string[];
  /** The serializable part of the PluginContext (logger and tree are made in the child). */
  context: Record<string, unknown>;
  /** tree.root: the hook's Tree reads the workspace from here. */
  workspaceRoot: string;
  changes: TreeChangeSnapshot[];
  /** Working directory of the fenced process. */
  cwd: string;
  /** Per hook (loading the module counts toward the first). */
  timeoutMs: number;
  log: (level: 'info' | 'warn' | 'error' | 'debug', message: string) => void;
}

/** An access Node's permission model refused (the hook may have caught it). */
export interface HookDenial {
  hook: string;
  /** ERR_ACCESS_DENIED, or ERR_DLOPEN_DISABLED for a native addon. */
  code: string;
  /** FileSystemWrite, ChildProcess, WorkerThreads, Addons, Inspector, WASI… */
  permission: string;
  resource: string;
  message: string;
  /** The stack of the refused call, to locate it in the plugin's code. */
  stack: string;
}

export type FencedOutcome =
  | { kind: 'done'; ops: TreeOperation[]; denials: HookDenial[] }
  | {
      kind: 'threw';
      hook: string;
      /** Loading the module, running the hook, or later (a timer's or an unawaited promise's error). */
      phase: 'load' | 'run' | 'async';
      error: { name: string; message: string; stack: string; code?: string; permission?: string; resource?: string };
      denials: HookDenial[];
    }
  | {
      kind: 'exited';
      hook: string;
      code: number | null;
      signal: string | null;
      stack?: string;
      stderr: string[];
      denials: HookDenial[];
    }
  | { kind: 'unsettled'; hook: string; denials: HookDenial[] }
  | { kind: 'timed-out'; hook: string; timeoutMs: number; denials: HookDenial[] };
