import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeScratchFolder } from '../workspace-io/scratch-folder';

/** The script that runs the compiler in a session of its own (beside this file). */
const wrapper = join(__dirname, 'compiler-in-own-session.sh');

/** An executable to give TypeScript 7's API as `tsserverPath`; `remove()` once the API is closed. */
export interface CompilerLauncher {
  path: string;
  remove(): void;
}

/**
 * What to give TypeScript 7's API as `tsserverPath` instead of the native `compiler` itself, so a
 * Ctrl-C does not print the compiler's Go panic trace. The API spawns its compiler in our process
 * group with our stderr (`stdio: ['pipe', 'pipe', 'inherit']`, typescript/dist/api/syncChannel.js,
 * no option to change it); the terminal's SIGINT then reaches the compiler too, which cancels its
 * work and panics ("panic: context canceled", a page of goroutines) when it is waiting for one of
 * our file system callbacks. compiler-in-own-session.sh runs the compiler in a session of its own
 * and, on SIGINT, SIGTERM or SIGHUP, SIGKILLs it — silently — so the API's synchronous call
 * returns at once (its pipe closes) and the interrupt's handler (interrupt.ts) says it in one
 * line. Closing the API (SIGTERM to the script) ends the compiler the same way; a compiler whose
 * script was SIGKILLed exits when its stdin (our pipe) closes.
 *
 * The API passes no arguments or environment of ours to what it spawns, so the launcher is a
 * two-line script naming `compiler`, in a scratch folder of this process (`farm-tsc-p<pid>-…`,
 * held: Ctrl-C removes it). On Windows (no process groups, no sh) it is `compiler` itself; where
 * `setsid` is missing the script runs the compiler as the API would (same group).
 */
export function compilerInOwnSession(compiler: string): CompilerLauncher {
  if (process.platform === 'win32') return { path: compiler, remove: () => undefined };
  const scratch = makeScratchFolder('tsc');
  const path = join(scratch.path, 'tsc');
  writeFileSync(path, `#!/bin/sh\nexec ${shellWord(wrapper)} ${shellWord(compiler)} "$@"\n`);
  chmodSync(path, 0o700);
  return { path, remove: scratch.remove };
}

/** `text` as one word of sh: single-quoted, each `'` written as `'\''`. */
function shellWord(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
