import { parseArgs } from 'node:util';
import { commandHelp, findCommand, maxArguments, optionNames } from './command-table';
import { dependencyTree, listInstalled, pluginInfo, type Output } from './commands/queries';
import { validateFolder } from './commands/validate-folder';
import { recoverFileTransaction } from '../workspace-io/file-transaction';
import { runNx } from './run-nx';
import { CommandLineError } from './parse-command-line';
import { findWorkspaceRoot } from './workspace-root';

const usage = `Usage: farm plugin <command> [options]

Install and manage (run the @farm/plugins generators; a failure changes nothing):
  install <spec>        name, name@range, git URL, folder or .tgz   [--config JSON|k=v,…] [--disabled]
  uninstall <name…>     refused while an installed plugin not named depends on one
  activate <name…>      deactivate <name…>   (several together: deactivate a b)
  update [name]         newer versions within the declared range    [--latest] [--force]
  create <name>         scaffold libs/plugins/<name>                [--no-frontend] [--no-backend] [--ai]

Develop and ship:
  validate [dir|name]   check manifest, dependencies, config and code (all plugins without one)
  build [name]          pack into dist/libs/plugins/<name>
  publish [name]        npm publish it                              [--dry-run] [--registry url] [--tag t]

Look around (--json for machines):
  list [--available]    installed plugins, or what the registry offers
  info <name>           details of a plugin                         deps [name]   dependency tree
  search <text>         search the npm registry for FARM plugins

Also: farm dev (servers + watch, see docs/dev-loop.md), farm --version. Every command takes --help.
Exit codes: 0 done, 1 failed, 2 a command line it cannot run.`;

/** The exit code of a command line that cannot be run (unknown command or option, missing argument). */
const usageError = 2;

/** Entry of the `farm` bin. Returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [group, command, ...rest] = argv;
  if (!group || group === '--help' || group === '-h' || group === 'help') return print(usage, 0);
  if (group === '--version' || group === '-v') return print(require('../../package.json').version, 0);
  if (group === 'dev') return runDev(argv.slice(1));
  if (group !== 'plugin') return print(`unknown command "${group}"\n\n${usage}`, usageError);
  if (!command || command === '--help' || command === '-h') return print(usage, 0);
  const spec = findCommand(command);
  if (!spec) return print(`unknown command "plugin ${command}"\n\n${usage}`, usageError);
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: { ...spec.options, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    return print(
      `farm plugin ${spec.name}: ${(error as Error).message}\n  it takes: ${optionNames(spec)} (see farm plugin ${spec.name} --help)`,
      usageError,
    );
  }
  const { values, positionals } = parsed;
  if (values.help) return print(commandHelp(spec), 0);
  if (positionals.length > maxArguments(spec))
    return print(
      `farm plugin ${spec.name}: unexpected argument "${positionals[maxArguments(spec)]}"\n\n${commandHelp(spec)}`,
      usageError,
    );
  const root = findWorkspaceRoot();
  const recovered = recoverFileTransaction(root);
  if (recovered) console.warn(`farm: an interrupted change was ${recovered} (.farm/transaction.json)`);
  const out: Output = { json: values.json === true, print: (text) => console.log(text) };
  const [target] = positionals;
  const need = (what: string) => {
    if (!target) throw new CommandLineError(`farm plugin ${spec.name} needs ${what}`);
    return target;
  };
  const dryRun = values['dry-run'] ? ['--dry-run'] : [];
  // Only a command that lists them can have them (parseArgs is strict).
  const passedOn = (['allowSecurityViolations', 'hookTimeoutMs'] as const)
    .filter((name) => typeof values[name] === 'string')
    .map((name) => `--${name}=${values[name] as string}`);
  const generate = (generator: string, args: string[]) =>
    runNx(root, ['g', `@farm/plugins:${generator}`, ...args, ...passedOn, '--no-interactive', ...dryRun]);

  switch (spec.name) {
    case 'install':
      return generate('add', [
        need('a plugin spec'),
        ...(values.config ? [`--config=${values.config}`] : []),
        ...(values.disabled ? ['--disabled'] : []),
      ]);
    // Several names: the generator takes them as positionals and handles them together.
    case 'uninstall':
      need('a plugin name');
      return generate('remove', positionals);
    case 'activate':
    case 'deactivate':
      need('a plugin name');
      return generate(spec.name, positionals);
    case 'update':
      return generate('update', [
        ...(target ? [target] : []),
        ...(values.latest ? ['--latest'] : []),
        ...(values.force ? ['--force'] : []),
      ]);
    case 'create':
      return generate('create', [
        need('a name'),
        ...(typeof values.description === 'string' ? [`--description=${values.description}`] : []),
        ...(typeof values.author === 'string' ? [`--author=${values.author}`] : []),
        ...(values['no-frontend'] ? ['--frontend=false'] : []),
        ...(values['no-backend'] ? ['--backend=false'] : []),
        ...(values.ai ? ['--ai'] : []),
      ]);
    case 'validate':
      return target ? validateFolder(root, target, out) : runNx(root, ['run-many', '-t', 'validate']);
    case 'build':
      return target
        ? runNx(root, ['run', `${target}:build`])
        : runNx(root, ['run-many', '-t', 'build', '--projects=tag:farm:plugin']);
    case 'publish': {
      // The publish executor's own options: --dry-run is npm publish --dry-run (nothing is sent).
      const overrides = [
        ...(values['dry-run'] ? ['--dryRun=true'] : []),
        ...(values.registry ? [`--registry=${values.registry}`] : []),
        ...(values.tag ? [`--tag=${values.tag}`] : []),
      ];
      return target
        ? runNx(root, ['run', `${target}:publish`, ...overrides])
        : runNx(root, ['run-many', '-t', 'publish', '--projects=tag:farm:plugin', ...overrides]);
    }
    case 'list':
      return values.available ? listAvailable(root, out) : listInstalled(root, out);
    case 'info': {
      const name = need('a plugin name');
      // Registry commands load their modules on demand: most commands need none.
      return (
        pluginInfo(root, name, out) ??
        (require('./commands/registry-info') as typeof import('./commands/registry-info')).registryInfo(name, out, {
          cwd: root,
        })
      );
    }
    case 'deps':
      return dependencyTree(root, target, out);
    case 'search':
      return search(root, need('search text'), out);
    default:
      return print(`unknown command "plugin ${command}"\n\n${usage}`, usageError);
  }
}

function print(text: string, code: number): number {
  (code === 0 ? console.log : console.error)(text);
  return code;
}

// Registry and dev-loop commands load their modules on demand: most commands need neither.
async function search(root: string, text: string, out: Output): Promise<number> {
  const { searchPlugins } = require('../registry');
  const results: { name: string; version?: string; description?: string }[] = await searchPlugins(text, { cwd: root });
  if (out.json) out.print(JSON.stringify(results, null, 2));
  else
    out.print(
      results.length
        ? results
            .map((r) => `${r.name}${r.version ? `@${r.version}` : ''}  ${r.description ?? ''}`.trimEnd())
            .join('\n')
        : `no FARM plugins match "${text}"`,
    );
  return 0;
}

async function listAvailable(root: string, out: Output): Promise<number> {
  // Empty text: every FARM plugin the configured registries know (the filter is applied to the results).
  return search(root, '', out);
}

async function runDev(args: string[]): Promise<number> {
  const { devMain } = require('../dev');
  return devMain(args, findWorkspaceRoot());
}
