import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { commandTable, findCommand, maxArguments } from './command-table';

const farm = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(__dirname, '../../bin/farm.js'), ...args], { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
};

describe('farm CLI conventions', () => {
  it('gives each command its own help, listing its own options', () => {
    const install = farm('plugin', 'install', '--help');
    const list = farm('plugin', 'list', '--help');
    expect(install.status).toBe(0);
    expect(install.output).toContain('--config');
    expect(install.output).not.toContain('--available');
    expect(list.output).toContain('--available');
    expect(list.output).not.toEqual(install.output);
  });

  it('refuses an option the command does not take, naming the ones it does', () => {
    const r = farm('plugin', 'install', 'x', '--force');
    expect(r.status).toBe(2);
    expect(r.output).toContain("Unknown option '--force'");
    expect(r.output).toContain(
      'it takes: --dry-run, --allowSecurityViolations, --hookTimeoutMs, --config, --disabled, --help',
    );
  });

  it('takes the options the fixes of FARM_E060 and FARM_E132 name, where the generator does', () => {
    const install = farm(
      'plugin',
      'install',
      'x',
      '--allowSecurityViolations=audited',
      '--hookTimeoutMs=5000',
      '--help',
    );
    expect([install.status, install.output]).toEqual([0, expect.stringContaining('--allowSecurityViolations <why>')]);
    expect(farm('plugin', 'deactivate', 'x', '--hookTimeoutMs=5000', '--help').status).toBe(0);
    expect(farm('plugin', 'deactivate', 'x', '--allowSecurityViolations=y').status).toBe(2);
  });

  it('refuses a second argument to a command that takes one', () => {
    expect(farm('plugin', 'info', 'a', 'b')).toEqual({
      status: 2,
      output: expect.stringContaining('unexpected argument "b"'),
    });
  });

  it("create takes the generator's --description and --author, and says what --author is", () => {
    const help = farm('plugin', 'create', '--help').output;
    expect(help).toMatch(/--author <name> +plugin.json author \(default: Anonymous\)/);
    expect(help).toMatch(/--description <text> +one line about the plugin/);
    expect(help).not.toContain('undefined');
  });

  it('lets uninstall, activate and deactivate take several names (plugins that need each other go together)', () => {
    for (const name of ['uninstall', 'activate', 'deactivate']) expect(maxArguments(findCommand(name)!)).toBe(Infinity);
    expect(maxArguments(findCommand('info')!)).toBe(1);
    expect(maxArguments(findCommand('list')!)).toBe(0);
    expect(farm('plugin', 'deactivate', '--help').output).toContain('Usage: farm plugin deactivate <name…> [options]');
  });

  it('prints its version', () => {
    expect(farm('--version')).toEqual({ status: 0, output: `${require('../../package.json').version}\n` });
  });

  it('lets every command that writes or publishes take --dry-run', () => {
    const writers = ['install', 'uninstall', 'activate', 'deactivate', 'update', 'create', 'publish'];
    for (const name of writers) expect(commandTable.find((c) => c.name === name)!.options['dry-run']).toBeDefined();
  });
});

describe('farm --json errors', () => {
  it('are an { error: { code, message, fix } } object', () => {
    const r = spawnSync(process.execPath, [join(__dirname, '../../bin/farm.js'), 'plugin', 'info', '--json'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stderr)).toEqual({
      error: { code: null, message: 'farm plugin info needs a plugin name', fix: null },
    });
  });
});
