import type { ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** One `farm plugin <command>`: what it takes and how its help reads. */
export interface CommandSpec {
  name: string;
  aliases?: string[];
  /** `<spec>` required, `[name]` optional, `<name…>` one or more, '' none. */
  argument: string;
  summary: string;
  options: Options;
  /** Help lines for the options, in the order shown. */
  optionHelp: [flag: string, text: string][];
  examples: string[];
}

const dryRun: Options = { 'dry-run': { type: 'boolean' } };
const dryRunHelp: [string, string] = ['--dry-run', 'show what would change; write and install nothing'];
const json: Options = { json: { type: 'boolean' } };
/** Passed on to the generator as they are: the fixes of FARM_E060 and FARM_E132 name them. */
const acceptViolations: Options = { allowSecurityViolations: { type: 'string' } };
const acceptViolationsHelp: [string, string] = [
  '--allowSecurityViolations <why>',
  'accept what the security policy refuses; the reason is recorded in workspace.json',
];
const hookTimeout: Options = { hookTimeoutMs: { type: 'string' } };
const hookTimeoutHelp: [string, string] = [
  '--hookTimeoutMs <ms>',
  'how long each lifecycle hook may run (default 60000)',
];
const jsonHelp: [string, string] = ['--json', 'machine-readable output'];

/**
 * Every `farm plugin` command with the options it takes. An option a command does not list is
 * an error naming the ones it does (node:util parseArgs, strict), so no flag is silently ignored.
 */
export const commandTable: CommandSpec[] = [
  {
    name: 'install',
    aliases: ['add'],
    argument: '<spec>',
    summary:
      'install a plugin and what it needs (name, name@range, git URL, folder or .tgz); a failure changes nothing',
    options: {
      ...dryRun,
      ...acceptViolations,
      ...hookTimeout,
      config: { type: 'string' },
      disabled: { type: 'boolean' },
    },
    optionHelp: [
      ['--config <json|k=v,…>', "the plugin's config (JSON, or dotted key=value pairs)"],
      ['--disabled', 'install without activating'],
      acceptViolationsHelp,
      hookTimeoutHelp,
      dryRunHelp,
    ],
    examples: [
      'farm plugin install auth',
      'farm plugin install ./my-plugin --config jwt.secret=…',
      'farm plugin install @farm/ai-chat@^1.0.0 --dry-run',
    ],
  },
  {
    name: 'uninstall',
    aliases: ['remove'],
    argument: '<name…>',
    summary: 'uninstall plugins, several together (refused while an installed plugin not named depends on one)',
    options: { ...dryRun, ...hookTimeout },
    optionHelp: [hookTimeoutHelp, dryRunHelp],
    examples: ['farm plugin uninstall ai-chat', 'farm plugin uninstall ai-chat auth'],
  },
  {
    name: 'activate',
    argument: '<name…>',
    summary: 'activate installed plugins, several together',
    options: { ...dryRun, ...acceptViolations, ...hookTimeout },
    optionHelp: [acceptViolationsHelp, hookTimeoutHelp, dryRunHelp],
    examples: ['farm plugin activate ai-chat', 'farm plugin activate auth ai-chat'],
  },
  {
    name: 'deactivate',
    argument: '<name…>',
    summary: 'deactivate plugins, several together (refused while an active plugin not named needs one)',
    options: { ...dryRun, ...hookTimeout },
    optionHelp: [hookTimeoutHelp, dryRunHelp],
    examples: [
      'farm plugin deactivate ai-chat',
      'farm plugin deactivate ai-chat auth   (plugins that need each other go together)',
    ],
  },
  {
    name: 'update',
    argument: '[name]',
    summary: 'newer registry versions within the recorded range (all registry plugins without a name)',
    options: { ...dryRun, ...acceptViolations, latest: { type: 'boolean' }, force: { type: 'boolean' } },
    optionHelp: [
      ['--latest', 'the newest version, beyond the recorded range'],
      ['--force', 'overwrite local edits of the plugin files (FARM_E099)'],
      acceptViolationsHelp,
      dryRunHelp,
    ],
    examples: ['farm plugin update', 'farm plugin update auth --latest'],
  },
  {
    name: 'create',
    argument: '<name>',
    summary: 'scaffold libs/plugins/<name> and activate it',
    options: {
      ...dryRun,
      description: { type: 'string' },
      author: { type: 'string' },
      'no-frontend': { type: 'boolean' },
      'no-backend': { type: 'boolean' },
      ai: { type: 'boolean' },
    },
    optionHelp: [
      ['--description <text>', 'one line about the plugin (plugin.json description)'],
      ['--author <name>', 'plugin.json author (default: Anonymous)'],
      ['--no-frontend', 'no React part'],
      ['--no-backend', 'no FastAPI part'],
      ['--ai', 'an AI provider too'],
      dryRunHelp,
    ],
    examples: [
      'farm plugin create weather --description "Forecasts for a city" --author "Ada"',
      'farm plugin create summarizer --ai --no-frontend',
    ],
  },
  {
    name: 'validate',
    argument: '[dir|name]',
    summary: 'check manifest, dependencies, config and code (every plugin without an argument)',
    options: json,
    optionHelp: [jsonHelp],
    examples: ['farm plugin validate', 'farm plugin validate auth', 'farm plugin validate ./my-plugin --json'],
  },
  {
    name: 'build',
    argument: '[name]',
    summary: 'pack into dist/libs/plugins/<name> (every plugin without a name)',
    options: {},
    optionHelp: [],
    examples: ['farm plugin build auth'],
  },
  {
    name: 'publish',
    argument: '[name]',
    summary: 'npm publish the built plugin (registry and token from .npmrc)',
    options: { ...dryRun, registry: { type: 'string' }, tag: { type: 'string' } },
    optionHelp: [
      ['--registry <url>', 'publish there instead of .npmrc’s registry'],
      ['--tag <tag>', 'dist-tag (npm’s default: latest)'],
      ['--dry-run', 'npm publish --dry-run: report, send nothing'],
    ],
    examples: ['farm plugin publish auth --dry-run', 'farm plugin publish auth --registry http://127.0.0.1:4873/'],
  },
  {
    name: 'list',
    argument: '',
    summary: 'installed plugins, or what the registry offers',
    options: { ...json, available: { type: 'boolean' } },
    optionHelp: [['--available', 'what the registry offers instead'], jsonHelp],
    examples: ['farm plugin list', 'farm plugin list --available --json'],
  },
  {
    name: 'info',
    argument: '<name>',
    summary: 'details of an installed plugin, else of the registry package',
    options: json,
    optionHelp: [jsonHelp],
    examples: ['farm plugin info auth'],
  },
  {
    name: 'deps',
    argument: '[name]',
    summary: 'dependency tree (of every installed plugin without a name)',
    options: json,
    optionHelp: [jsonHelp],
    examples: ['farm plugin deps ai-chat'],
  },
  {
    name: 'search',
    argument: '<text>',
    summary: 'search the npm registry for FARM plugins',
    options: json,
    optionHelp: [jsonHelp],
    examples: ['farm plugin search chat'],
  },
];

/** How many positionals a command takes at most: none, one, or (`<name…>`) any number. */
export function maxArguments(command: CommandSpec): number {
  if (!command.argument) return 0;
  return command.argument.endsWith('…>') || command.argument.endsWith('…]') ? Infinity : 1;
}

export function findCommand(name: string): CommandSpec | undefined {
  return commandTable.find((c) => c.name === name || c.aliases?.includes(name));
}

/** `farm plugin <command> --help`: its argument, options and examples. */
export function commandHelp(command: CommandSpec): string {
  const width = Math.max(0, ...command.optionHelp.map(([flag]) => flag.length), '--help'.length);
  const lines = [...command.optionHelp, ['--help', 'this text'] as [string, string]].map(
    ([flag, text]) => `  ${flag.padEnd(width)}  ${text}`,
  );
  return [
    `Usage: farm plugin ${command.name}${command.argument ? ` ${command.argument}` : ''} [options]${command.aliases ? `   (alias: ${command.aliases.join(', ')})` : ''}`,
    '',
    `  ${command.summary}`,
    '',
    'Options:',
    ...lines,
    '',
    'Examples:',
    ...command.examples.map((e) => `  ${e}`),
  ].join('\n');
}

/** The option list a command takes, for "unknown option" errors. */
export function optionNames(command: CommandSpec): string {
  const names = [...Object.keys(command.options), 'help'].map((o) => `--${o}`);
  return names.join(', ');
}
