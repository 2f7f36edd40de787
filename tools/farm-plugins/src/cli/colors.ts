import { createColors } from 'picocolors';

/** What decides colour: the environment, the command line and whether stdout is a terminal. */
export interface ColorContext {
  env: NodeJS.ProcessEnv;
  argv: readonly string[];
  isTTY: boolean;
  platform: NodeJS.Platform;
}

/** FORCE_COLOR values that turn colour on, as Node reads them (lib/internal/tty.js getColorDepth): 16, 256 or 16M colours. */
const forcedOn = new Set(['', '1', '2', '3', 'true']);

/**
 * Whether FARM's output is coloured. In order:
 * 1. `NO_COLOR` set to anything but '' (https://no-color.org), or `--no-color`: off — it wins
 *    over FORCE_COLOR, so a user who opts out is never overridden by a tool that forces colour;
 * 2. `FORCE_COLOR` set: on for '', 1, 2, 3 and 'true', off for anything else — `FORCE_COLOR=0`
 *    and `FORCE_COLOR=false` mean no colour, as in Node, chalk and supports-color
 *    (picocolors' own check reads any non-empty value, `0` included, as on);
 * 3. `--color`: on;
 * 4. otherwise picocolors' default: a terminal that is not `TERM=dumb`, CI, or Windows.
 */
export function colorEnabled(context: ColorContext = currentProcess()): boolean {
  const { env, argv } = context;
  if ((env.NO_COLOR !== undefined && env.NO_COLOR !== '') || argv.includes('--no-color')) return false;
  if (env.FORCE_COLOR !== undefined) return forcedOn.has(env.FORCE_COLOR.trim().toLowerCase());
  if (argv.includes('--color')) return true;
  return context.platform === 'win32' || (context.isTTY && env.TERM !== 'dumb') || Boolean(env.CI);
}

/**
 * picocolors' colour functions, on or off as colorEnabled decides (or as `enabled` says): the
 * one place FARM makes them, so every coloured line follows the same rule.
 */
export function farmColors(enabled: boolean = colorEnabled()): ReturnType<typeof createColors> {
  return createColors(enabled);
}

function currentProcess(): ColorContext {
  return { env: process.env, argv: process.argv, isTTY: Boolean(process.stdout.isTTY), platform: process.platform };
}
