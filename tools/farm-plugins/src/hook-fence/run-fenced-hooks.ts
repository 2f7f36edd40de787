import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FencedHookRequest, FencedOutcome, HookDenial, TreeOperation } from './types';

/** The fenced process: plain JavaScript, since it may not load the native transpiler Nx uses. */
const runner = join(__dirname, 'child', 'run-hooks.js');

/**
 * Node's permission model (Node 20: `--experimental-permission`): the hook reads what it likes but
 * writes only to its own scratch folder, and may not start processes or workers, load native
 * addons, use WASI or open the inspector. Network access is not fenced (Node 20 cannot).
 */
export function fenceFlags(scratch: string): string[] {
  return [
    '--experimental-permission',
    '--allow-fs-read=*',
    `--allow-fs-write=${scratch}`,
    '--disable-warning=ExperimentalWarning',
    '--enable-source-maps',
  ];
}

const graceAfterDone = 2_000;

/**
 * Runs a plugin's lifecycle hooks, in order, in a child Node process under the fence, and
 * resolves to what happened: the Tree operations they made, or how they failed (threw, ended the
 * process, did not settle in `timeoutMs` per hook), with every refused access. Never rejects; it
 * writes nothing but the scratch folder, which it removes.
 */
export function runFencedHooks(request: FencedHookRequest): Promise<FencedOutcome> {
  // A caller's mistake, not a plugin's: the lifecycle only asks when the plugin has hooks to run.
  const first = request.hooks[0];
  if (first === undefined) throw new Error('runFencedHooks: no hook to run');
  const scratch = mkdtempSync(join(tmpdir(), 'farm-hook-'));
  // NODE_OPTIONS could load a transpiler (a native addon the fence refuses) or widen the fence.
  const { NODE_OPTIONS: _ignored, ...env } = process.env;
  const child = spawn(process.execPath, [...fenceFlags(scratch), runner], {
    cwd: request.cwd,
    env: { ...env, TMPDIR: scratch, TMP: scratch, TEMP: scratch },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  const denials: HookDenial[] = [];
  const stderr: string[] = [];
  let hook = first;
  let settled: FencedOutcome | undefined;
  let timer: NodeJS.Timeout | undefined;

  const settle = (outcome: FencedOutcome) => {
    settled ??= outcome;
  };
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      settle({ kind: 'timed-out', hook, timeoutMs: request.timeoutMs, denials });
      child.kill('SIGKILL');
    }, request.timeoutMs);
  };
  const forward = (stream: NodeJS.ReadableStream, level: 'info' | 'warn', keep?: string[]) => {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        request.log(level, line);
        keep?.push(line);
        if (keep && keep.length > 20) keep.shift();
      }
    });
    stream.on('end', () => {
      if (pending) request.log(level, pending);
      if (pending) keep?.push(pending);
    });
  };
  forward(child.stdout!, 'info');
  forward(child.stderr!, 'warn', stderr);

  child.on('message', (message: ChildMessage) => {
    switch (message.type) {
      case 'start':
        hook = message.hook;
        request.log('info', `${request.plugin}: ${hook}`);
        arm();
        break;
      case 'log':
        request.log(message.level, message.message);
        break;
      case 'denied':
        denials.push({ hook: message.hook ?? hook, ...message.denial });
        break;
      case 'done':
        settle({ kind: 'done', ops: message.ops, denials });
        setTimeout(() => child.kill('SIGKILL'), graceAfterDone).unref();
        break;
      case 'failed':
        settle({ kind: 'threw', hook: message.hook ?? hook, phase: message.phase, error: message.error, denials });
        break;
      case 'exited':
        settle({
          kind: 'exited',
          hook: message.hook ?? hook,
          code: message.code,
          signal: null,
          stack: message.stack,
          stderr,
          denials,
        });
        break;
      case 'unsettled':
        settle({ kind: 'unsettled', hook: message.hook ?? hook, denials });
        break;
    }
  });

  return new Promise((resolve) => {
    child.on('error', (error) => {
      settle({
        kind: 'exited',
        hook,
        code: null,
        signal: null,
        stack: String(error.stack),
        stderr: [...stderr, error.message],
        denials,
      });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      rmSync(scratch, { recursive: true, force: true });
      resolve(settled ?? { kind: 'exited', hook, code, signal, stderr, denials });
    });
    arm();
    child.send({
      entry: request.entry,
      hooks: request.hooks,
      context: request.context,
      workspaceRoot: request.workspaceRoot,
      changes: request.changes,
    });
  });
}

type ChildMessage =
  | { type: 'start'; hook: string }
  | { type: 'log'; level: 'info' | 'warn' | 'error' | 'debug'; message: string }
  | { type: 'denied'; hook?: string; denial: Omit<HookDenial, 'hook'> }
  | { type: 'done'; ops: TreeOperation[] }
  | { type: 'failed'; hook?: string; phase: 'load' | 'run' | 'async'; error: FencedError }
  | { type: 'exited'; hook?: string; code: number; stack: string }
  | { type: 'unsettled'; hook?: string };

type FencedError = Extract<FencedOutcome, { kind: 'threw' }>['error'];
