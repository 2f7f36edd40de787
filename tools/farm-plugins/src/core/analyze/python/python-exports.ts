import { posix } from 'node:path';
import type { PythonAssignment, PythonClass, PythonFileReport, PythonImport, PythonSymbols } from './python-report';

/** The spec's AIProvider interface (validateAIProvider). */
export const providerMethods = ['generate', 'chat', 'embed', 'health_check'] as const;

/** What a module-level name of a plugin module is, once imports and aliases inside the plugin are followed. */
type Target =
  | { kind: 'class'; file: string; name: string; cls: PythonClass }
  | { kind: 'function'; file: string; name: string; line: number }
  | { kind: 'value'; file: string; name: string; assignment: PythonAssignment }
  | { kind: 'module'; file: string; name: string }
  | { kind: 'outside'; file: string; name: string; module: string; line: number }
  | { kind: 'not-a-module'; file: string; name: string; module: string; line: number }
  | { kind: 'missing'; file: string; name: string }
  | { kind: 'cycle'; file: string; name: string };

/** A target and the steps that led to it (`imports router from …/users.py (line 1)`), for messages. */
interface Resolution {
  target: Target;
  hops: string[];
}

type Binding =
  | { kind: 'class'; line: number; cls: PythonClass }
  | { kind: 'function'; line: number }
  | { kind: 'assignment'; line: number; assignment: PythonAssignment }
  | { kind: 'from'; line: number; imp: PythonImport; imported: string }
  | { kind: 'import'; line: number; imp: PythonImport };

const maxHops = 50;

/**
 * The parsed Python modules of one plugin, for the export checks. A name is followed through
 * imports and aliases inside the plugin (`from .users import router`, `users_router = router`,
 * `from . import users` + `users.router`, `from .x import *`) to the object it names, and that
 * object is checked. Everything is looked up in the AST reports; plugin code is never imported.
 */
export class PythonModules {
  private readonly byFile: Map<string, PythonFileReport>;

  constructor(
    reports: readonly PythonFileReport[],
    readonly root: string,
    readonly alias: string,
  ) {
    this.byFile = new Map(reports.map((r) => [r.path, r]));
  }

  report(file: string): PythonFileReport | undefined {
    return this.byFile.get(file);
  }

  /** `name` is a module-level `APIRouter(...)`: undefined when so, else why not. */
  routerProblem(file: string, name: string): string | undefined {
    if (!this.byFile.get(file)?.symbols) return undefined;
    const r = this.resolve(file, name);
    const { target } = r;
    if (target.kind === 'value' && target.assignment.value.kind === 'call') {
      const { callee, canonical } = target.assignment.value;
      if ((canonical ?? callee ?? '').split('.').pop() === 'APIRouter') return undefined;
      return explain(
        r,
        `assigns ${target.name} = ${callee ?? 'a call'}(…) at line ${target.assignment.line}, not APIRouter(…)`,
      );
    }
    if (target.kind === 'value')
      return explain(
        r,
        `assigns ${target.name} at line ${target.assignment.line} from something other than APIRouter(…)`,
      );
    return `${explain(r, describe(target))}; a router must be a module-level APIRouter(…) of the plugin`;
  }

  /** `name` is a class of the plugin (directly, or as an alias or import of one). */
  classProblem(file: string, name: string, what: string): string | undefined {
    if (!this.byFile.get(file)?.symbols) return undefined;
    const r = this.resolve(file, name);
    if (r.target.kind === 'class') return undefined;
    return `${explain(r, describe(r.target))}; the ${what} must be a class of the plugin (or an alias of one)`;
  }

  /**
   * validateAIProvider on the AST: a class with generate, chat, embed and health_check, its own or
   * inherited from classes of the plugin in Python's method resolution order. A method that is
   * `@abstractmethod` or `= None` where that order finds it is missing.
   */
  providerProblem(file: string, name: string): string | undefined {
    if (!this.byFile.get(file)?.symbols) return undefined;
    const r = this.resolve(file, name);
    const { target } = r;
    if (target.kind !== 'class')
      return `${explain(r, describe(target))}; the provider must be a class of the plugin (or an alias of one)`;
    const { order, outside } = this.methodResolutionOrder(target.file, target.cls);
    const missing: string[] = [];
    for (const method of providerMethods) {
      const owner = order.find((c) => c.cls.methods.includes(method));
      const stub = owner?.cls.stubs?.find((s) => s.name === method);
      if (!owner) missing.push(method);
      else if (stub)
        missing.push(
          `${method} (${stub.kind === 'None' ? '= None' : 'abstract'} in ${owner.cls.name}, ${owner.file === target.file ? '' : `${owner.file} `}line ${stub.line})`,
        );
    }
    if (!missing.length) return undefined;
    const notCounted = outside.length
      ? `; methods inherited from outside the plugin (${outside.join(', ')}) are not counted`
      : '';
    return explain(
      r,
      `defines class ${target.cls.name} (line ${target.cls.line}), which lacks ${missing.join(', ')}${notCounted}`,
    );
  }

  /** Any module-level object: def, class, value, or an import from outside the plugin (tasks, pipelines, endpoints). */
  symbolProblem(file: string, name: string): string | undefined {
    if (!this.byFile.get(file)?.symbols) return undefined;
    const r = this.resolve(file, name);
    if (['class', 'function', 'value', 'outside'].includes(r.target.kind)) return undefined;
    return explain(r, describe(r.target));
  }

  /** What `name` is in `file`, following imports and aliases inside the plugin. */
  private resolve(file: string, name: string, path: string[] = []): Resolution {
    const key = `${file}#${name}`;
    const missing: Resolution = { target: { kind: 'missing', file, name }, hops: [] };
    // A cycle (`a = b`, `b = a`) or a chain too long to be real names nothing.
    if (path.includes(key) || path.length > maxHops) return { target: { kind: 'cycle', file, name }, hops: [] };
    const symbols = this.byFile.get(file)?.symbols;
    if (!symbols) return missing;
    const inner = [...path, key];
    const binding = lastBinding(symbols, name);
    if (!binding) return this.throughStarImports(file, name, symbols, inner) ?? missing;
    switch (binding.kind) {
      case 'class':
        return { target: { kind: 'class', file, name, cls: binding.cls }, hops: [] };
      case 'function':
        return { target: { kind: 'function', file, name, line: binding.line }, hops: [] };
      case 'assignment': {
        const { value } = binding.assignment;
        if (value.kind !== 'name' || !value.ref)
          return { target: { kind: 'value', file, name, assignment: binding.assignment }, hops: [] };
        const next = this.resolveDotted(file, value.ref, inner);
        return { target: next.target, hops: [`assigns ${name} = ${value.ref} (line ${binding.line})`, ...next.hops] };
      }
      case 'from':
        return this.resolveImported(file, name, binding.imp, binding.imported, inner);
      case 'import': {
        const where = this.moduleOf(file, binding.imp.module, 0);
        if ('outside' in where)
          return { target: { kind: 'outside', file, name, module: binding.imp.module, line: binding.line }, hops: [] };
        const [moduleFile] = where.files;
        if (moduleFile === undefined)
          return {
            target: { kind: 'not-a-module', file, name, module: binding.imp.module, line: binding.line },
            hops: [],
          };
        return { target: { kind: 'module', file: moduleFile, name }, hops: [] };
      }
    }
  }

  /** `from <imp> import <imported> as <name>`: the name in the module it comes from, or a submodule. */
  private resolveImported(file: string, name: string, imp: PythonImport, imported: string, path: string[]): Resolution {
    const written = `${'.'.repeat(imp.level)}${imp.module}`;
    const where = this.moduleOf(file, imp.module, imp.level);
    if ('outside' in where)
      return { target: { kind: 'outside', file, name, module: written, line: imp.line }, hops: [] };
    const as = imported === name ? '' : ` as ${name}`;
    let unresolved: Resolution | undefined;
    for (const target of where.files) {
      const found = this.resolve(target, imported, path);
      const followed = {
        target: found.target,
        hops: [`imports ${imported}${as} from ${target} (line ${imp.line})`, ...found.hops],
      };
      if (found.target.kind !== 'missing' && found.target.kind !== 'cycle') return followed;
      unresolved ??= followed;
    }
    // `from . import users` in a package's __init__.py: the submodule users, not a name of __init__.
    const submodule = this.moduleFiles(posix.join(where.path, imported))[0];
    if (submodule) return { target: { kind: 'module', file: submodule, name }, hops: [] };
    if (unresolved) return unresolved;
    return { target: { kind: 'not-a-module', file, name, module: written, line: imp.line }, hops: [] };
  }

  /** `a.b.c`: `a` in `file`, then `b` in the module `a` names, and so on. */
  private resolveDotted(file: string, ref: string, path: string[]): Resolution {
    const [first = '', ...rest] = ref.split('.');
    const symbols = this.byFile.get(file)?.symbols;
    // `import farm_plugins.<alias>.x` binds `farm_plugins`; the longest imported module the ref starts with is the module.
    const whole = symbols?.imports
      .filter((i) => !i.names.length && !i.asname && (ref === i.module || ref.startsWith(`${i.module}.`)))
      .sort((a, b) => b.module.length - a.module.length)[0];
    let current: Resolution;
    let remaining = rest;
    if (whole) {
      const where = this.moduleOf(file, whole.module, 0);
      const module = 'outside' in where ? undefined : where.files[0];
      if (!module)
        return { target: { kind: 'outside', file, name: ref, module: whole.module, line: whole.line }, hops: [] };
      current = { target: { kind: 'module', file: module, name: whole.module }, hops: [] };
      remaining = ref
        .slice(whole.module.length + 1)
        .split('.')
        .filter(Boolean);
    } else {
      current = this.resolve(file, first, path);
    }
    for (const part of remaining) {
      const { target } = current;
      if (target.kind === 'outside')
        return { target: { ...target, module: `${target.module}.${part}` }, hops: current.hops };
      if (target.kind !== 'module') return { target: { kind: 'missing', file, name: ref }, hops: current.hops };
      const next = this.resolve(target.file, part, path);
      current = { target: next.target, hops: [...current.hops, `takes ${part} from ${target.file}`, ...next.hops] };
    }
    return current;
  }

  /** A name no statement binds may come from a `from .x import *` of the plugin (public names only). */
  private throughStarImports(
    file: string,
    name: string,
    symbols: PythonSymbols,
    path: string[],
  ): Resolution | undefined {
    if (name.startsWith('_')) return undefined;
    const stars = symbols.imports.filter((i) => i.names.some((n) => n.name === '*')).sort((a, b) => b.line - a.line);
    for (const imp of stars) {
      const where = this.moduleOf(file, imp.module, imp.level);
      if ('outside' in where) continue;
      for (const target of where.files) {
        const next = this.resolve(target, name, path);
        if (next.target.kind !== 'missing' && next.target.kind !== 'cycle')
          return { target: next.target, hops: [`imports * from ${target} (line ${imp.line})`, ...next.hops] };
      }
    }
    return undefined;
  }

  /**
   * The classes whose attributes an instance of `cls` sees, in Python's C3 order, as far as they
   * are classes of the plugin; `outside` names the bases that are not (not followed).
   */
  private methodResolutionOrder(
    file: string,
    cls: PythonClass,
  ): { order: { file: string; cls: PythonClass }[]; outside: string[] } {
    const outside: string[] = [];
    const linearize = (at: string, c: PythonClass, path: string[]): { file: string; cls: PythonClass }[] => {
      const key = `${at}#${c.name}`;
      if (path.includes(key) || path.length > maxHops) return [];
      const self = { file: at, cls: c };
      const bases: { file: string; cls: PythonClass }[] = [];
      for (const base of c.bases) {
        if (base === 'object' || base === 'Generic' || base.endsWith('.Generic') || base === 'Protocol') continue;
        const { target } = this.resolveDotted(at, base, []);
        if (target.kind === 'class') bases.push({ file: target.file, cls: target.cls });
        else outside.push(base);
      }
      const sequences = [...bases.map((b) => linearize(b.file, b.cls, [...path, key])), bases];
      return [self, ...c3Merge(sequences)];
    };
    return { order: linearize(file, cls, []), outside: [...new Set(outside)] };
  }

  /** The plugin files of a module (`from <level dots><module>`), or `outside` for anything not in this plugin. */
  private moduleOf(
    fromFile: string,
    module: string,
    level: number,
  ): { path: string; files: string[] } | { outside: true } {
    let base: string;
    let parts = module ? module.split('.') : [];
    if (level > 0) {
      base = posix.dirname(fromFile);
      for (let i = 1; i < level; i++) base = posix.dirname(base);
    } else if (parts[0] === 'farm_plugins' && parts[1] === this.alias) {
      base = this.root;
      parts = parts.slice(2);
    } else return { outside: true };
    if (base !== this.root && !base.startsWith(`${this.root}/`)) return { outside: true };
    const path = posix.join(base, ...parts);
    return { path, files: this.moduleFiles(path) };
  }

  private moduleFiles(path: string): string[] {
    return [`${path}.py`, `${path}/__init__.py`].filter((f) => this.byFile.has(f));
  }
}

/** The statement that binds `name` last at module level (the one Python leaves in place). */
function lastBinding(symbols: PythonSymbols, name: string): Binding | undefined {
  let found: Binding | undefined;
  const consider = (binding: Binding) => {
    if (!found || binding.line >= found.line) found = binding;
  };
  for (const cls of symbols.classes) if (cls.name === name) consider({ kind: 'class', line: cls.line, cls });
  for (const fn of symbols.functions) if (fn.name === name) consider({ kind: 'function', line: fn.line });
  for (const assignment of symbols.assignments)
    if (assignment.name === name) consider({ kind: 'assignment', line: assignment.line, assignment });
  for (const imp of symbols.imports) {
    if (!imp.names.length) {
      if (imp.asname === name) consider({ kind: 'import', line: imp.line, imp });
      continue;
    }
    const hit = imp.names.find((n) => n.name !== '*' && (n.asname ?? n.name) === name);
    if (hit) consider({ kind: 'from', line: imp.line, imp, imported: hit.name });
  }
  return found;
}

/** What the name turned out to be, as the end of a sentence about the file that binds it. */
function describe(target: Target): string {
  switch (target.kind) {
    case 'class':
      return `defines ${target.name} as a class (line ${target.cls.line})`;
    case 'function':
      return `defines ${target.name} as a function (line ${target.line})`;
    case 'value':
      return `assigns ${target.name} at line ${target.assignment.line} to something that is not a class of this plugin`;
    case 'module':
      return `binds ${target.name} to the module ${target.file}`;
    case 'outside':
      return `imports ${target.name} from ${target.module} (line ${target.line}), outside the plugin`;
    case 'not-a-module':
      return `imports ${target.name} from ${target.module} (line ${target.line}), which is no module of the plugin`;
    case 'missing':
      return `does not define ${target.name}`;
    case 'cycle':
      return `leads back to ${target.name} (a cycle of aliases or imports)`;
  }
}

/** `<hop>, which <hop>, which <verdict>`: how the declared name led to what was found. */
function explain(r: Resolution, verdict: string): string {
  return [...r.hops, verdict].join(', which ');
}

/** C3 linearization's merge; an inconsistent hierarchy (Python refuses it) keeps what it has. */
function c3Merge<T extends { file: string; cls: PythonClass }>(sequences: T[][]): T[] {
  const same = (a: T, b: T) => a.file === b.file && a.cls === b.cls;
  const pending = sequences.map((s) => [...s]).filter((s) => s.length);
  const out: T[] = [];
  while (pending.length) {
    // Every pending sequence is non-empty (emptied ones are dropped below), so s[0] is an item.
    const head = pending
      .map((s) => s[0]!)
      .find((candidate) => !pending.some((s) => s.slice(1).some((x) => same(x, candidate))));
    if (!head) break;
    out.push(head);
    for (const s of pending) if (same(s[0]!, head)) s.shift();
    for (let i = pending.length - 1; i >= 0; i--) if (!pending[i]!.length) pending.splice(i, 1);
  }
  return out;
}
