import { problem, type FarmErrorCode, type FarmProblem } from '../errors';
import { isPythonIdentifier, isTsIdentifier } from '../emit/shared';
import type { ResolvedPlugin } from '../graph';
import { pythonAliasOf } from '../manifest';
import { pythonModuleOf, resolvePluginPath } from './plugin-paths';
import type { PlanOrigin, PlannedSymbol } from './types';

/** Shared by the frontend, backend and AI planners: problem collection and symbol checks. */
export class PlanContext {
  readonly problems: FarmProblem[] = [];
  constructor(readonly exists: (file: string) => boolean) {}

  report(code: FarmErrorCode, message: string, plugin: ResolvedPlugin, pointer: string, fix?: string): void {
    const { loaded } = plugin;
    this.problems.push(problem(code, message, { plugin: plugin.name, file: loaded.file, pointer, ...loaded.document.locate(pointer), ...(fix ? { fix } : {}) }));
  }

  origin(plugin: ResolvedPlugin, pointer: string): PlanOrigin {
    return { plugin: plugin.name, file: plugin.loaded.file, pointer };
  }

  /** A plugin file that exists inside the plugin folder, or undefined (with a problem reported). */
  file(plugin: ResolvedPlugin, path: string, pointer: string): string | undefined {
    const resolved = resolvePluginPath(plugin.loaded.root, path);
    if ('error' in resolved) return this.report('FARM_E056', resolved.error, plugin, pointer), undefined;
    if (!this.exists(resolved.file)) return this.report('FARM_E057', `${resolved.file} does not exist`, plugin, pointer), undefined;
    return resolved.file;
  }

  /** A Python symbol `name` exported by the module at `path`. */
  pythonSymbol(plugin: ResolvedPlugin, name: string, path: string, pointer: string): PlannedSymbol | undefined {
    if (!isPythonIdentifier(name)) return this.report('FARM_E051', `"${name}" is not a Python identifier (or is a keyword)`, plugin, pointer), undefined;
    const source = this.file(plugin, path, `${pointer}/path`);
    if (!source) return undefined;
    const alias = pythonAliasOf(plugin.name);
    const module = pythonModuleOf(plugin.loaded.root, source, alias);
    if ('error' in module) return this.report('FARM_E051', module.error, plugin, `${pointer}/path`, 'name folders and files as Python modules: letters, digits, _'), undefined;
    return { ...this.origin(plugin, pointer), name, source, module: module.module, local: `${alias}__${name}` };
  }

  /** A TypeScript export `name` of the file at `path`. */
  tsSymbol(plugin: ResolvedPlugin, name: string, path: string, pointer: string): PlannedSymbol | undefined {
    if (!isTsIdentifier(name)) return this.report('FARM_E051', `"${name}" is not a TypeScript identifier (or is a reserved word)`, plugin, pointer), undefined;
    const source = this.file(plugin, path, `${pointer}/path`);
    if (!source) return undefined;
    return { ...this.origin(plugin, pointer), name, source, module: '', local: `${pythonAliasOf(plugin.name)}__${name}` };
  }

  /** Two plugins contributing the same key is an error naming both, never a silent override. */
  unique<T extends PlanOrigin>(items: T[], keyOf: (item: T) => string, what: string, byPlugin: Map<string, ResolvedPlugin>): T[] {
    const first = new Map<string, T>();
    return items.filter((item) => {
      const key = keyOf(item);
      const earlier = first.get(key);
      if (!earlier) return first.set(key, item), true;
      this.report('FARM_E050', `${what} "${key}" is contributed by both ${earlier.plugin} (${earlier.file} ${earlier.pointer}) and ${item.plugin}`, byPlugin.get(item.plugin)!, item.pointer);
      return false;
    });
  }
}

/** Entries of a manifest map, sorted by key so output never depends on JSON key order. */
export function sortedEntries<T>(record: Record<string, T> | undefined): [string, T][] {
  return Object.entries(record ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
