import type { PlannedSymbol } from '../../plan';

/** `from farm_plugins.x.y import name as x__name`, one per symbol, in plan order. */
export function pythonImports(symbols: readonly PlannedSymbol[]): string[] {
  return symbols.map((s) => `from ${s.module} import ${s.name} as ${s.local}`);
}

/** A Python block: the lines indented, or `pass` when there are none. */
export function pythonBody(lines: readonly string[], indent = '    '): string {
  return (lines.length ? lines : ['pass']).map((l) => indent + l).join('\n');
}
