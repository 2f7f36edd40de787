import type { PlannedSymbol } from '../../plan';
import { isPythonIdentifier, pyString } from '../shared';

/**
 * `from farm_plugins.x.y import <export> as <local>`, one per symbol, in plan order. A plugin whose
 * alias is a Python keyword (`@acme/class` → `farm_plugins.class`) cannot be named in an import
 * statement, so its symbols are loaded with importlib instead (found by the corpus fuzz).
 */
export function pythonImports(symbols: readonly PlannedSymbol[]): string[] {
  const importable = (s: PlannedSymbol) => s.module.split('.').every(isPythonIdentifier);
  const lines = symbols.map((s) =>
    importable(s)
      ? `from ${s.module} import ${s.export} as ${s.local}`
      : `${s.local} = importlib.import_module(${pyString(s.module)}).${s.export}`,
  );
  return symbols.every(importable) ? lines : ['import importlib', ...lines];
}

/** A Python block: the lines indented, or `pass` when there are none. */
export function pythonBody(lines: readonly string[], indent = '    '): string {
  return (lines.length ? lines : ['pass']).map((l) => indent + l).join('\n');
}
