import { posix } from 'node:path';
import { problem, type FarmProblem } from '../core/errors';
import type { FencedOutcome, HookDenial } from './types';

/** Where the hook's code was loaded from, to locate problems at the plugin's own files. */
export interface HookCodeLocation {
  plugin: string;
  /** Workspace-relative plugin folder (libs/plugins/x). */
  root: string;
  /** Absolute folder the code was loaded from (a copy of `root`). */
  codeDir: string;
  /** Absolute path of the entry module. */
  entry: string;
}

const nothingChanged = 'Nothing was changed.';

/**
 * FARM_E130–E133 for a fenced run: a hook that threw, ended its process, never settled or timed out,
 * and every access the fence refused (caught by the hook or not). Empty when all went well.
 */
export function hookProblems(outcome: FencedOutcome, at: HookCodeLocation): FarmProblem[] {
  const problems = denialProblems(outcome.denials, at);
  const entry = { plugin: at.plugin, file: workspacePath(at, at.entry) };
  switch (outcome.kind) {
    case 'done':
      break;
    case 'threw': {
      const { error, hook } = outcome;
      if (error.code === 'ERR_ACCESS_DENIED' || error.code === 'ERR_DLOPEN_DISABLED') {
        // Refused through a path the wrappers do not see: report it from the error itself.
        if (!problems.length)
          problems.push(
            ...denialProblems(
              [
                {
                  hook,
                  code: error.code,
                  permission: error.permission ?? '',
                  resource: error.resource ?? '',
                  message: error.message,
                  stack: error.stack,
                },
              ],
              at,
            ),
          );
        break;
      }
      const how =
        outcome.phase === 'load'
          ? `cannot load ${entry.file}: ${error.message}`
          : outcome.phase === 'async'
            ? `${error.message} (thrown outside the hook's promise: a timer or an unawaited promise)`
            : error.message;
      problems.push(
        problem('FARM_E130', `${at.plugin} ${hook} failed: ${how}. ${nothingChanged}`, {
          ...entry,
          ...locate(error.stack, at),
        }),
      );
      break;
    }
    case 'exited': {
      const how = outcome.signal
        ? `was killed (${outcome.signal})`
        : outcome.stack
          ? `called process.exit(${outcome.code})`
          : `ended its process (exit code ${outcome.code})`;
      const output =
        !outcome.stack && outcome.stderr.length ? `; its last output: ${outcome.stderr.slice(-5).join(' / ')}` : '';
      problems.push(
        problem(
          'FARM_E131',
          `${at.plugin} ${outcome.hook} ${how} before the hook settled${output}. ${nothingChanged}`,
          { ...entry, ...locate(outcome.stack, at) },
        ),
      );
      break;
    }
    case 'unsettled':
      problems.push(
        problem(
          'FARM_E132',
          `${at.plugin} ${outcome.hook} returned a promise that can never settle: nothing was left to run. ${nothingChanged}`,
          entry,
        ),
      );
      break;
    case 'timed-out':
      problems.push(
        problem(
          'FARM_E132',
          `${at.plugin} ${outcome.hook} did not settle within ${outcome.timeoutMs} ms; its process was stopped. ${nothingChanged}`,
          entry,
        ),
      );
      break;
  }
  return problems;
}

/** One FARM_E133 per refused kind of access and resource, at the call that was refused. */
function denialProblems(denials: readonly HookDenial[], at: HookCodeLocation): FarmProblem[] {
  const seen = new Set<string>();
  const problems: FarmProblem[] = [];
  for (const denial of denials) {
    const key = `${denial.hook}|${denial.permission}|${denial.resource}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const where = locate(denial.stack, at);
    problems.push(
      problem(
        'FARM_E133',
        `${at.plugin} ${denial.hook} tried to ${attempted(denial)}; the hook fence refused it. ${nothingChanged}`,
        {
          plugin: at.plugin,
          file: workspacePath(at, at.entry),
          ...where,
        },
      ),
    );
  }
  return problems;
}

function attempted(denial: HookDenial): string {
  switch (denial.permission) {
    case 'FileSystemWrite':
      return `write ${denial.resource || 'a file'} outside the Tree`;
    case 'FileSystemRead':
      return `read ${denial.resource || 'a file'}`;
    case 'ChildProcess':
      return 'start a child process';
    case 'WorkerThreads':
      return 'start a worker thread';
    case 'Addons':
      return 'load a native addon';
    case 'Inspector':
      return 'open the inspector';
    case 'WASI':
      return 'run WebAssembly with WASI';
    default:
      return `do something the fence does not allow (${denial.permission || denial.code}: ${denial.message})`;
  }
}

/** The innermost stack frame in the plugin's code, as a workspace file with line and column. */
export function locate(
  stack: string | undefined,
  at: HookCodeLocation,
): { file?: string; line?: number; column?: number } {
  for (const line of (stack ?? '').split('\n')) {
    const [, path, lineNumber, column] = /(?:\(|at |file:\/\/)(\/[^():]+):(\d+):(\d+)\)?\s*$/.exec(line.trim()) ?? [];
    if (!path || !path.startsWith(`${at.codeDir}/`) || path.includes('/node_modules/')) continue;
    return { file: workspacePath(at, path), line: Number(lineNumber), column: Number(column) };
  }
  return {};
}

function workspacePath(at: HookCodeLocation, absolute: string): string {
  return posix.join(at.root, posix.relative(at.codeDir, absolute));
}
