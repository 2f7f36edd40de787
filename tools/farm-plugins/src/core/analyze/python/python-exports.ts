import { posix } from 'node:path';
import type { PythonClass, PythonFileReport, PythonImport } from './python-report';

/** The spec's AIProvider interface (validateAIProvider). */
export const providerMethods = ['generate', 'chat', 'embed', 'health_check'] as const;

/**
 * The parsed Python modules of one plugin, for the export checks. Everything is looked up in
 * the AST reports; plugin code is never imported.
 */
export class PythonModules {
  private readonly byFile: Map<string, PythonFileReport>;

  constructor(reports: readonly PythonFileReport[], readonly root: string, readonly alias: string) {
    this.byFile = new Map(reports.map((r) => [r.path, r]));
  }

  report(file: string): PythonFileReport | undefined {
    return this.byFile.get(file);
  }

  /** `name = APIRouter(...)` at module level: undefined when so, else why not. */
  routerProblem(file: string, name: string): string | undefined {
    const symbols = this.byFile.get(file)?.symbols;
    if (!symbols) return undefined;
    const assignment = [...symbols.assignments].reverse().find((a) => a.name === name);
    if (assignment?.value.kind === 'call') {
      const callee = assignment.value.canonical ?? assignment.value.callee ?? '';
      if (callee.split('.').pop() === 'APIRouter') return undefined;
      return `assigns ${name} = ${assignment.value.callee ?? 'a call'}(…) at line ${assignment.line}, not APIRouter(…)`;
    }
    if (assignment) return `assigns ${name} at line ${assignment.line} from something other than APIRouter(…)`;
    return `${this.describeMissing(symbols, name)}; a router must be a module-level ${name} = APIRouter(…)`;
  }

  /** A class named `name` in the module, directly or as an alias (`name = SomeClass`, imported within the plugin). */
  classProblem(file: string, name: string, what: string): string | undefined {
    const symbols = this.byFile.get(file)?.symbols;
    if (!symbols) return undefined;
    if (this.resolveClass(file, name)) return undefined;
    return `${this.describeMissing(symbols, name)}; the ${what} must be a class (or an alias of one)`;
  }

  /** validateAIProvider on the AST: a class with generate, chat, embed and health_check, own or inherited within the plugin. */
  providerProblem(file: string, name: string): string | undefined {
    const symbols = this.byFile.get(file)?.symbols;
    if (!symbols) return undefined;
    const found = this.resolveClass(file, name);
    if (!found) return `${this.describeMissing(symbols, name)}; the provider must be a class (or an alias of one)`;
    const methods = this.methodsOf(found.file, found.cls, new Set());
    const missing = providerMethods.filter((m) => !methods.has(m));
    if (!missing.length) return undefined;
    return `class ${found.cls.name} (${found.file}:${found.cls.line}) lacks ${missing.join(', ')}; methods inherited from outside the plugin are not counted`;
  }

  /** Any module-level definition of `name`: def, class, assignment or import. */
  symbolProblem(file: string, name: string): string | undefined {
    const symbols = this.byFile.get(file)?.symbols;
    if (!symbols) return undefined;
    const defined =
      symbols.functions.some((f) => f.name === name) ||
      symbols.classes.some((c) => c.name === name) ||
      symbols.assignments.some((a) => a.name === name) ||
      symbols.imports.some((i) => i.names.some((n) => (n.asname ?? n.name) === name));
    return defined ? undefined : `does not define ${name} at module level`;
  }

  private describeMissing(symbols: NonNullable<PythonFileReport['symbols']>, name: string): string {
    const fn = symbols.functions.find((f) => f.name === name);
    if (fn) return `defines ${name} as a function (line ${fn.line})`;
    const cls = symbols.classes.find((c) => c.name === name);
    if (cls) return `defines ${name} as a class (line ${cls.line})`;
    const assignment = symbols.assignments.find((a) => a.name === name);
    if (assignment) return `assigns ${name} at line ${assignment.line} to something that is not a class of this plugin`;
    if (symbols.imports.some((i) => i.names.some((n) => (n.asname ?? n.name) === name))) return `imports ${name} from outside the plugin (or from a module that does not define it)`;
    return `does not define ${name}`;
  }

  private resolveClass(file: string, name: string, seen = new Set<string>()): { file: string; cls: PythonClass } | undefined {
    const key = `${file}#${name}`;
    if (seen.has(key) || seen.size > 50) return undefined;
    seen.add(key);
    const symbols = this.byFile.get(file)?.symbols;
    if (!symbols) return undefined;
    const cls = [...symbols.classes].reverse().find((c) => c.name === name);
    if (cls) return { file, cls };
    const assignment = [...symbols.assignments].reverse().find((a) => a.name === name);
    if (assignment) {
      return assignment.value.kind === 'name' && assignment.value.ref && !assignment.value.ref.includes('.') ? this.resolveClass(file, assignment.value.ref, seen) : undefined;
    }
    for (const imp of symbols.imports) {
      const hit = imp.names.find((n) => (n.asname ?? n.name) === name);
      if (!hit) continue;
      for (const target of this.moduleFiles(file, imp)) {
        const found = this.resolveClass(target, hit.name, seen);
        if (found) return found;
      }
    }
    return undefined;
  }

  private methodsOf(file: string, cls: PythonClass, seen: Set<string>): Set<string> {
    const methods = new Set(cls.methods);
    const key = `${file}#${cls.name}`;
    if (seen.has(key)) return methods;
    seen.add(key);
    for (const base of cls.bases) {
      if (base.includes('.')) continue;
      const found = this.resolveClass(file, base);
      if (found) for (const m of this.methodsOf(found.file, found.cls, seen)) methods.add(m);
    }
    return methods;
  }

  /** The plugin files an import names: relative imports and `farm_plugins.<alias>.…`; nothing outside the plugin. */
  private moduleFiles(fromFile: string, imp: PythonImport): string[] {
    let base: string;
    let parts = imp.module ? imp.module.split('.') : [];
    if (imp.level > 0) {
      base = posix.dirname(fromFile);
      for (let i = 1; i < imp.level; i++) base = posix.dirname(base);
    } else if (parts[0] === 'farm_plugins' && parts[1] === this.alias) {
      base = this.root;
      parts = parts.slice(2);
    } else return [];
    if (base !== this.root && !base.startsWith(`${this.root}/`)) return [];
    const module = posix.join(base, ...parts);
    return [`${module}.py`, `${module}/__init__.py`].filter((f) => this.byFile.has(f));
  }
}
