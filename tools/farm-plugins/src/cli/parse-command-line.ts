import { parseArgs, type ParseArgsConfig } from 'node:util';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/**
 * Every FARM bin's argument parser (issue 15: one parser, node:util parseArgs, strict): `--name
 * value` and `--name=value`; an unknown option, a missing value (`--port` at the end, or followed
 * by another option), a value given to a flag or an unexpected argument is an error whose message
 * starts with the command, e.g. `farm dev: Option '--port <value>' argument missing (see farm dev
 * --help)`; so is an empty value (`--host=`). `-h` / `--help` are added to `options`. Returns parseArgs' `{ values, positionals }`.
 */
export function parseCommandLine<const T extends OptionsConfig>(
  command: string,
  argv: readonly string[],
  options: T,
  allowPositionals = false,
) {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...options, help: { type: 'boolean', short: 'h' } } as T & { help: { type: 'boolean'; short: 'h' } },
      strict: true,
      allowPositionals,
    });
  } catch (error) {
    throw new CommandLineError(`${command}: ${(error as Error).message.replace(/\n/g, ' ')} (see ${command} --help)`);
  }
  // `--host=` would be '' — to a server, every interface.
  const empty = Object.entries(parsed.values).find(([, value]) => value === '');
  if (empty)
    throw new CommandLineError(`${command}: --${empty[0]} needs a value, got an empty one (see ${command} --help)`);
  return parsed;
}

/** A command line that cannot be run: the bin prints the message and exits 2, without a stack. */
export class CommandLineError extends Error {
  override name = 'CommandLineError';
}

/**
 * An option's value as a whole number within [min, max]: `--debounce=20` → 20; `""`, `1e3`,
 * `0x10`, `-1` or `8.5` are a CommandLineError naming the option and the range.
 */
export function wholeNumber(command: string, option: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new CommandLineError(`${command}: --${option} needs a whole number from ${min} to ${max}, got "${value}"`);
  }
  return n;
}
