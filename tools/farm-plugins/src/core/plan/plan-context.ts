import { problem, type FarmErrorCode, type FarmProblem } from '../errors';
import type { ResolvedPlugin } from '../graph';
import { exportOf, type CodeKind } from '../manifest/code-entries';
import { pythonAliasOf } from '../manifest/plugin-names';
import { entryNameProblems, localName } from './entry-names';
import { frontendImportProblem, type FrontendImportKind } from './frontend-imports';
import { pythonModuleOf, resolvePluginPath } from './plugin-paths';
import type { PlanOrigin, PlannedSymbol } from './types';

/** Shared by the frontend, backend and AI planners: problem collection and symbol checks. */
export class PlanContext {
  readonly problems: FarmProblem[] = [];
  private readonly aliases = new Map<string, string>();
  /** Frontend files already refused as imports: each is reported once, whichever kinds name it. */
  private readonly refusedImports = new Set<string>();
  constructor(readonly exists: (file: string) => boolean) {}

  /** The plugin's Python alias (`ai-chat` → `ai_chat`), computed once per plugin. */
  alias(plugin: ResolvedPlugin): string {
    let alias = this.aliases.get(plugin.name);
    if (alias === undefined) this.aliases.set(plugin.name, (alias = pythonAliasOf(plugin.name)));
    return alias;
  }

  report(code: FarmErrorCode, message: string, plugin: ResolvedPlugin, pointer: string, fix?: string): void {
    const { loaded } = plugin;
    this.problems.push(
      problem(code, message, {
        plugin: plugin.name,
        file: loaded.file,
        pointer,
        ...loaded.document.locate(pointer),
        ...(fix ? { fix } : {}),
      }),
    );
  }

  /**
   * Where an entry comes from, plus its own fields. Extras are spread *last*: Node 20's V8 falls
   * off a cliff on a literal that spreads first and then adds properties (~0.7 µs per property,
   * measured: most of the plan's time at 1,000 plugins), so `{ ...origin, more }` is not used here.
   */
  origin<T extends object = object>(plugin: ResolvedPlugin, pointer: string, extra?: T): PlanOrigin & T {
    return { plugin: plugin.name, file: plugin.loaded.file, pointer, ...(extra as T) };
  }

  /** A plugin file that exists inside the plugin folder, or undefined (with a problem reported). */
  file(plugin: ResolvedPlugin, path: string, pointer: string): string | undefined {
    const resolved = resolvePluginPath(plugin.loaded.root, path);
    if ('error' in resolved) {
      this.report('FARM_E056', resolved.error, plugin, pointer);
      return undefined;
    }
    if (!this.exists(resolved.file)) {
      this.report('FARM_E057', `${resolved.file} does not exist`, plugin, pointer);
      return undefined;
    }
    return resolved.file;
  }

  /**
   * A Python entry: the module-level name `export` (default: the key) of the module at `path`,
   * bound to a local that is unique over (plugin, kind, key). With `extra` fields.
   */
  pythonSymbol<T extends object = object>(
    plugin: ResolvedPlugin,
    kind: CodeKind,
    name: string,
    entry: CodeEntry,
    pointer: string,
    extra?: T,
  ): (PlannedSymbol & T) | undefined {
    return this.codeSymbol(plugin, kind, name, entry, pointer, extra, (source) => {
      const module = pythonModuleOf(plugin.loaded.root, source, this.alias(plugin));
      if (!('error' in module)) return module.module;
      this.report(
        'FARM_E051',
        module.error,
        plugin,
        `${pointer}/path`,
        'name folders and files as Python modules: letters, digits, _',
      );
      return undefined;
    });
  }

  /** A TypeScript entry: the export `export` (a component's default: `default`) of the file at `path`. */
  tsSymbol<T extends object = object>(
    plugin: ResolvedPlugin,
    kind: CodeKind,
    name: string,
    entry: CodeEntry,
    pointer: string,
    extra?: T,
  ): (PlannedSymbol & T) | undefined {
    return this.codeSymbol(plugin, kind, name, entry, pointer, extra, () => '');
  }

  /**
   * The planned symbol both languages share: usable names, an existing file, then the module the
   * language imports it from (`moduleOf` reports and answers undefined when it has none).
   */
  private codeSymbol<T extends object>(
    plugin: ResolvedPlugin,
    kind: CodeKind,
    name: string,
    entry: CodeEntry,
    pointer: string,
    extra: T | undefined,
    moduleOf: (source: string) => string | undefined,
  ): (PlannedSymbol & T) | undefined {
    if (!this.namesUsable(plugin, kind, name, entry, pointer)) return undefined;
    const source = this.file(plugin, entry.path, `${pointer}/path`);
    if (!source) return undefined;
    const module = moduleOf(source);
    if (module === undefined) return undefined;
    return {
      plugin: plugin.name,
      file: plugin.loaded.file,
      pointer,
      name,
      export: exportOf(kind, name, entry),
      source,
      module,
      local: localName(this.alias(plugin), kind, name),
      ...(extra as T),
    };
  }

  /** Whether the key and `export` can be used in generated code; each refusal reported at its own pointer. */
  private namesUsable(
    plugin: ResolvedPlugin,
    kind: CodeKind,
    name: string,
    entry: CodeEntry,
    pointer: string,
  ): boolean {
    const problems = entryNameProblems(kind, name, entry);
    for (const p of problems) this.report('FARM_E051', p.message, plugin, pointer + p.at);
    return problems.length === 0;
  }

  /**
   * The items whose `source` the generated frontend can import by its exact name; each other file
   * is reported once (FARM_E088) at the manifest value `valuePointer` names. An item whose file an
   * earlier kind refused is dropped silently (a route to a refused component): that problem says
   * what to fix.
   */
  importable<T extends PlanOrigin & { source: string }>(
    items: T[],
    kind: FrontendImportKind,
    valuePointer: (item: T) => string,
    byPlugin: Map<string, ResolvedPlugin>,
  ): T[] {
    return items.filter((item) => {
      if (this.refusedImports.has(item.source)) return false;
      const problem = frontendImportProblem(item.source, kind, this.exists);
      if (!problem) return true;
      this.refusedImports.add(item.source);
      this.report('FARM_E088', problem.message, byPlugin.get(item.plugin)!, valuePointer(item), problem.fix);
      return false;
    });
  }

  /** Two plugins contributing the same key is an error naming both, never a silent override. */
  unique<T extends PlanOrigin>(
    items: T[],
    keyOf: (item: T) => string,
    what: string,
    byPlugin: Map<string, ResolvedPlugin>,
  ): T[] {
    const first = new Map<string, T>();
    return items.filter((item) => {
      const key = keyOf(item);
      const earlier = first.get(key);
      if (!earlier) return (first.set(key, item), true);
      this.report(
        'FARM_E050',
        `${what} "${key}" is contributed by both ${earlier.plugin} (${earlier.file} ${earlier.pointer}) and ${item.plugin}`,
        byPlugin.get(item.plugin)!,
        item.pointer,
      );
      return false;
    });
  }
}

/** What the plan reads of an entry that names code. */
export interface CodeEntry {
  path: string;
  export?: string;
}

/** Entries of a manifest map, sorted by key so output never depends on JSON key order. */
export function sortedEntries<T>(record: Record<string, T> | undefined): [string, T][] {
  // Each kind's plan step asks every plugin, most of which have no such entries: no allocation then.
  if (record === undefined) return noEntries as [string, T][];
  const entries = Object.entries(record);
  return entries.length < 2 ? entries : entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

const noEntries: readonly [string, unknown][] = Object.freeze([]);
