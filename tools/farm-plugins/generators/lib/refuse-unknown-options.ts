import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The flags `nx g` takes for itself and never passes on: what a near miss most likely meant.
const nxGenerateFlags: Readonly<Record<string, string>> = {
  dryRun: '--dry-run',
  interactive: '--interactive',
  quiet: '--quiet',
  verbose: '--verbose',
  help: '--help',
};

/** `dry-run`, `dry_run`, `DryRun` → `dryrun`: how a mistyped option is compared with the real ones. */
const loosely = (key: string) => key.toLowerCase().replace(/[-_]/g, '');

/**
 * Refuses, before the generator does anything, every option key that the generator's schema.json
 * (in `generatorDir`) does not list, in Nx's own words ("'dryrun' is not found in schema"), naming
 * what a near miss meant and the options there are. Nx says this itself for a schema with
 * `additionalProperties: false`, but activate, deactivate and remove take several plugin names as
 * positionals, which Nx refuses under that ("Schema does not support positional arguments"): so
 * these generators check their options here, and a mistyped `--dryrun` no longer runs for real.
 * The positionals (`_`) are theirs. Throws an Error listing every unknown key.
 */
export function refuseUnknownOptions(options: object, generatorDir: string): void {
  const schema = JSON.parse(readFileSync(join(generatorDir, 'schema.json'), 'utf8')) as {
    properties?: Record<string, unknown>;
  };
  const known = Object.keys(schema.properties ?? {});
  const unknown = Object.keys(options).filter((key) => key !== '_' && !known.includes(key));
  if (!unknown.length) return;
  const flags: [string, string][] = [
    ...known.map((key): [string, string] => [key, `--${key}`]),
    ...Object.entries(nxGenerateFlags),
  ];
  const lines = unknown.map((key) => {
    const meant = flags.find(([flag]) => loosely(flag) === loosely(key));
    return `'${key}' is not found in schema${meant ? ` (did you mean ${meant[1]}?)` : ''}`;
  });
  const listed = known.map((key) => `--${key}`).join(', ');
  throw new Error(`${lines.join('\n')}\nthe options of this generator are ${listed}; nothing was changed`);
}
