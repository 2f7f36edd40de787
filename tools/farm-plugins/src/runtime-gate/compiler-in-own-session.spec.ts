import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { processTable } from '../testing/process-table';
import { until } from '../testing/until';
import { compilerInOwnSession } from './compiler-in-own-session';

// Ctrl-C during the frontend half of the runtime gate: TypeScript 7's API spawns its compiler in
// our process group with our stderr, and the compiler answers the terminal's SIGINT with a Go
// panic trace when it is waiting for one of our file system callbacks. Reproduced here with the
// real API and compiler in a process of its own (the API is synchronous), whose readFile callback
// is slow so that the signal lands while the compiler waits for it, as it does in the gate.
const requireHere = createRequire(__filename);
const apiEntry = requireHere.resolve('typescript-7/unstable/sync');
const compiler = join(
  dirname(createRequire(apiEntry).resolve(`@typescript/typescript-${process.platform}-${process.arch}/package.json`)),
  'lib',
  'tsc',
);

/**
 * The checker's script: one program over `project`, every file read through a slow callback, in
 * a process that handles SIGINT as the gate's does (interrupt.ts: on the event loop, so after the
 * synchronous check returns or fails). Prints what happened; exits 130 when interrupted.
 */
const checker = `
process.on('SIGINT', () => { console.log('interrupted'); process.exit(130); });
const { API } = require(${JSON.stringify(apiEntry)});
const [tsserverPath, project] = process.argv.slice(1);
const pause = new Int32Array(new SharedArrayBuffer(4));
const api = new API({
  tsserverPath,
  cwd: require('node:path').dirname(project),
  fs: { readFile: () => { Atomics.wait(pause, 0, 0, 30); return undefined; } },
});
try {
  const snapshot = api.updateSnapshot({ openProjects: [project] });
  console.log('diagnostics ' + snapshot.getProject(project).program.getSemanticDiagnostics().length);
} catch (error) {
  console.log('the check failed: ' + error.message.split('\\n')[0]);
}
api.close();
`;

/** Compiler processes whose --cwd is `folder` (theirs are the only ones), not zombies. */
function compilersIn(folder: string): number[] {
  return processTable()
    .filter((p) => p.state !== 'Z')
    .filter((p) => {
      try {
        const args = readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').split('\0');
        return args[0] === compiler && args.includes(folder);
      } catch {
        return false;
      }
    })
    .map((p) => p.pid);
}

/** Runs the checker with `tsserverPath` as the leader of a process group, SIGINTs the group mid-check. */
async function interruptedCheck(tsserverPath: string) {
  const project = mkdtempSync(join(tmpdir(), 'farm-own-session-spec-'));
  try {
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true }, files: ['a.ts'] }),
    );
    writeFileSync(join(project, 'a.ts'), 'export const a: number = 1;\n');
    const child = spawn(process.execPath, ['-e', checker, tsserverPath, join(project, 'tsconfig.json')], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    expect(await until(() => compilersIn(project).length > 0, 20_000)).toBe(true);
    // Reading the default libraries through the callback: ~30 ms a file, for seconds.
    await new Promise((resolve) => setTimeout(resolve, 400));
    process.kill(-child.pid!, 'SIGINT');
    const status = await exited;
    const compilerGone = await until(() => compilersIn(project).length === 0, 5_000);
    return { output, status, compilerGone };
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

describe('TypeScript 7 compiler in a session of its own', () => {
  it('reproduces the fault: the compiler itself, SIGINTed with its group mid-check, prints a Go panic', async () => {
    const { output } = await interruptedCheck(compiler);
    expect(output).toMatch(/^panic: context canceled/m);
    expect(output).toMatch(/goroutine \d+/);
  });

  it('started through compilerInOwnSession, the compiler prints nothing and is gone when the group is interrupted', async () => {
    const launcher = compilerInOwnSession(compiler);
    try {
      const { output, status, compilerGone } = await interruptedCheck(launcher.path);
      // The compiler ended at once, silently (the check failed with its pipe: an EOF, or EPIPE
      // when the signal came as our callback answered), then the handler ran.
      expect(output).toMatch(/^the check failed: (Unexpected EOF|EPIPE)[^\n]*\ninterrupted\n$/);
      expect(status).toBe(130);
      expect(compilerGone).toBe(true);
    } finally {
      launcher.remove();
    }
  });

  it('started through compilerInOwnSession, it checks as the compiler does when nobody interrupts', () => {
    const project = mkdtempSync(join(tmpdir(), "farm-own-session-spec-'quoted"));
    const launcher = compilerInOwnSession(compiler);
    try {
      writeFileSync(
        join(project, 'tsconfig.json'),
        JSON.stringify({ compilerOptions: { strict: true }, files: ['a.ts'] }),
      );
      writeFileSync(join(project, 'a.ts'), 'export const a: number = "one";\n');
      const run = spawnSync(
        process.execPath,
        ['-e', checker.replace('Atomics.wait(pause, 0, 0, 30); ', ''), launcher.path, join(project, 'tsconfig.json')],
        { encoding: 'utf8' },
      );
      expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({
        status: 0,
        stdout: 'diagnostics 1\n',
        stderr: '',
      });
    } finally {
      launcher.remove();
      rmSync(project, { recursive: true, force: true });
    }
    expect(existsSync(launcher.path)).toBe(false);
  });
});
