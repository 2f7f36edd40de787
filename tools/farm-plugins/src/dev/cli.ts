import { workspaceRoot as nxWorkspaceRoot } from '@nx/devkit';
import { runDevLoop } from './dev-loop';
import { createDevLog } from './lib/log';
import type { DevLoopOptions, IntegrateStrategy } from './options';

export const devUsage = `Usage: farm dev [options]

Integrates the active plugins, starts the backend (uvicorn --reload) and the frontend (Vite), and
re-integrates whenever libs/plugins/** or workspace.json change. Ctrl-C stops everything.

Options:
  --host <address>         interface for both servers (default 127.0.0.1)
  --backend-port <port>    uvicorn port (default 8000)
  --frontend-port <port>   Vite port (default 5173)
  --integrate <how>        in-process (default) | nx  (nx run-many -t integrate; slower)
  --debounce <ms>          quiet time before integrating a burst of edits (default 75)
  -h, --help               this text`;

type ParsedArgs = { help: true } | { help: false; options: Omit<DevLoopOptions, 'workspaceRoot'> };

/** `--name value` and `--name=value`; unknown options are errors, not silently ignored. */
export function parseDevArgs(argv: readonly string[]): ParsedArgs {
  const options: Omit<DevLoopOptions, 'workspaceRoot'> = {};
  const number = (name: string, value: string) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new Error(`--${name} needs a whole number, got "${value}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') return { help: true };
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`unexpected argument "${arg}"\n\n${devUsage}`);
    const [, name, inline] = match;
    const value = () => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new Error(`--${name} needs a value`);
      return next;
    };
    switch (name) {
      case 'host': options.host = value(); break;
      case 'backend-port': options.backendPort = number(name, value()); break;
      case 'frontend-port': options.frontendPort = number(name, value()); break;
      case 'integrate': options.integrate = value() as IntegrateStrategy; break;
      case 'debounce': options.debounceMs = number(name, value()); break;
      default: throw new Error(`unknown option --${name}\n\n${devUsage}`);
    }
  }
  return { help: false, options };
}

/**
 * The `farm dev` command: runs until Ctrl-C (or a server dies); returns the exit code. The
 * workspace is the one around the current directory, as for every nx command.
 */
export async function devMain(argv: readonly string[], workspaceRoot = nxWorkspaceRoot): Promise<number> {
  const parsed = parseDevArgs(argv);
  if (parsed.help) {
    console.log(devUsage);
    return 0;
  }
  const log = createDevLog();
  try {
    const loop = await runDevLoop({ ...parsed.options, workspaceRoot, handleSignals: true, log });
    await loop.ready.catch((error: Error) => log.error(error.message));
    return await loop.done;
  } catch (error) {
    log.error((error as Error).message);
    return 1;
  }
}
