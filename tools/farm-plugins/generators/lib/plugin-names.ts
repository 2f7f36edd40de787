import { projectNameOf } from '../../src/core/manifest';

/**
 * What a generator that takes several plugins gets from Nx: `nx g @farm/plugins:deactivate a b`
 * gives `name: "a"` (the schema's first positional) and the other positionals as `_`.
 */
export interface PluginNamesOption {
  name: string;
  /** More plugins, from Nx's positionals after the first. */
  _?: (string | number)[];
}

/** The plugins a generator was given, in order, each once. */
export function pluginNamesOf(options: PluginNamesOption): string[] {
  return [...new Set([options.name, ...(options._ ?? []).map(String)])];
}

/**
 * The `farm plugin` command that does `verb` to these plugins, by short name and sorted: what a
 * refusal's fix tells a person to run (issue 14: every refusal's fix is a command that works).
 */
export function farmPluginCommand(verb: 'activate' | 'deactivate' | 'uninstall', names: readonly string[]): string {
  return `farm plugin ${verb} ${[...new Set(names.map(projectNameOf))].sort().join(' ')}`;
}
