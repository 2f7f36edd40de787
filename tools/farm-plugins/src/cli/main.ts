import { parseArgs } from 'node:util';
import { dependencyTree, listInstalled, pluginInfo, type Output } from './commands/queries';
import { validateFolder } from './commands/validate-folder';
import { runNx } from './run-nx';
import { findWorkspaceRoot } from './workspace-root';

const usage = `Usage: farm plugin <command> [options]

Install and manage (run the @farm/plugins generators; a failure changes nothing):
  install <spec>        name, name@range, git URL, folder or .tgz   [--config JSON|k=v,…] [--disabled]
  uninstall <name>      refused while installed plugins depend on it
  activate <name>       deactivate <name>
  update [name]         newer versions within the declared range    [--latest] [--force]
  create <name>         scaffold libs/plugins/<name>                [--no-frontend] [--no-backend] [--ai]

Develop and ship:
  validate [dir]        check manifest, dependencies, config and code (all plugins without dir)
  build [name]          pack into dist/libs/plugins/<name>           publish [name]   npm publish it

Look around (--json for machines):
  list [--available]    installed plugins, or what the registry offers
  info <name>           details of a plugin                         deps [name]   dependency tree
  search <text>         search the npm registry for FARM plugins

Also: farm dev (servers + watch, see docs/dev-loop.md). Every command takes --help.`;

/** Entry of the `farm` bin. Returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [group, command, ...rest] = argv;
  if (!group || group === '--help' || group === '-h' || group === 'help') return print(usage, 0);
  if (group === 'dev') return runDev(argv.slice(1));
  if (group !== 'plugin') return print(`unknown command "${group}"\n\n${usage}`, 1);
  if (!command || command === '--help' || command === '-h') return print(usage, 0);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      available: { type: 'boolean' },
      config: { type: 'string' },
      disabled: { type: 'boolean' },
      latest: { type: 'boolean' },
      force: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      'no-frontend': { type: 'boolean' },
      'no-backend': { type: 'boolean' },
      ai: { type: 'boolean' },
      registry: { type: 'string' },
    },
  });
  if (values.help) return print(usage, 0);
  const root = findWorkspaceRoot();
  const out: Output = { json: values.json === true, print: (text) => console.log(text) };
  const [target] = positionals;
  const need = (what: string) => {
    if (!target) throw new Error(`farm plugin ${command} needs ${what}`);
    return target;
  };
  const dryRun = values['dry-run'] ? ['--dry-run'] : [];
  const generate = (generator: string, args: string[]) => runNx(root, ['g', `@farm/plugins:${generator}`, ...args, '--no-interactive', ...dryRun]);

  switch (command) {
    case 'install':
    case 'add':
      return generate('add', [need('a plugin spec'), ...(values.config ? [`--config=${values.config}`] : []), ...(values.disabled ? ['--disabled'] : [])]);
    case 'uninstall':
    case 'remove':
      return generate('remove', [need('a plugin name')]);
    case 'activate':
    case 'deactivate':
      return generate(command, [need('a plugin name')]);
    case 'update':
      return generate('update', [...(target ? [target] : []), ...(values.latest ? ['--latest'] : []), ...(values.force ? ['--force'] : [])]);
    case 'create':
      return generate('create', [need('a name'), ...(values['no-frontend'] ? ['--frontend=false'] : []), ...(values['no-backend'] ? ['--backend=false'] : []), ...(values.ai ? ['--ai'] : [])]);
    case 'validate':
      return target ? validateFolder(root, target, out) : runNx(root, ['run-many', '-t', 'validate']);
    case 'build':
    case 'publish':
      return target ? runNx(root, ['run', `${target}:${command}`]) : runNx(root, ['run-many', '-t', command, '--projects=tag:farm:plugin']);
    case 'list':
      return values.available ? listAvailable(root, out) : listInstalled(root, out);
    case 'info': {
      const name = need('a plugin name');
      return pluginInfo(root, name, out) ?? registryInfo(root, name, out);
    }
    case 'deps':
      return dependencyTree(root, target, out);
    case 'search':
      return search(root, need('search text'), out);
    default:
      return print(`unknown command "plugin ${command}"\n\n${usage}`, 1);
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
  else out.print(results.length ? results.map((r) => `${r.name}${r.version ? `@${r.version}` : ''}  ${r.description ?? ''}`.trimEnd()).join('\n') : `no FARM plugins match "${text}"`);
  return 0;
}

async function listAvailable(root: string, out: Output): Promise<number> {
  // Empty text: every FARM plugin the configured registries know (the filter is applied to the results).
  return search(root, '', out);
}

async function registryInfo(root: string, name: string, out: Output): Promise<number> {
  const { packageInfo } = require('../registry');
  const info = await packageInfo(name, { cwd: root });
  out.print(out.json ? JSON.stringify(info, null, 2) : Object.entries(info).map(([k, v]) => `${k.padEnd(13)} ${typeof v === 'object' ? JSON.stringify(v) : v}`).join('\n'));
  return 0;
}

async function runDev(args: string[]): Promise<number> {
  const { devMain } = require('../dev');
  return devMain(args, findWorkspaceRoot());
}
