import { workspaceRoot as nxWorkspaceRoot } from '@nx/devkit';
import { parseCommandLine, wholeNumber } from '../cli/parse-command-line';
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

const devOptions = {
  host: { type: 'string' },
  'backend-port': { type: 'string' },
  'frontend-port': { type: 'string' },
  integrate: { type: 'string' },
  debounce: { type: 'string' },
} as const;

/**
 * `farm dev`'s options (parseCommandLine: `--name value` or `--name=value`; unknown options, a
 * missing value and stray arguments are errors). Ports and the debounce are checked here as whole
 * numbers; their ranges and `--integrate`'s values by normalizeDevLoopOptions.
 */
export function parseDevArgs(argv: readonly string[]): ParsedArgs {
  const { values } = parseCommandLine('farm dev', argv, devOptions);
  if (values.help) return { help: true };
  const number = (name: keyof typeof devOptions, min: number, max: number) => {
    const value = values[name];
    return value === undefined ? undefined : wholeNumber('farm dev', name, value, min, max);
  };
  const options: Omit<DevLoopOptions, 'workspaceRoot'> = {
    host: values.host,
    backendPort: number('backend-port', 1, 65_535),
    frontendPort: number('frontend-port', 1, 65_535),
    integrate: values.integrate as IntegrateStrategy | undefined,
    debounceMs: number('debounce', 0, 60_000),
  };
  return { help: false, options: Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
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
