/** Shared by the components and hooks indexes: how a symbol is imported and re-exported. */

/** `import local from …` for a default export, `import { name as local } from …` for a named one. */
export function importLine(symbol: { export: string; local: string }, from: string): string {
  return symbol.export === 'default'
    ? `import ${symbol.local} from ${from};`
    : `import { ${symbol.export} as ${symbol.local} } from ${from};`;
}

/** `export { local as Name, … };` and a `const record = { Name: local, … } as const` of the same. */
export function exportsAndRecord(items: readonly { name: string; local: string }[], record: string): string[] {
  const exports = items.length ? [`export { ${items.map((i) => `${i.local} as ${i.name}`).join(', ')} };`, ''] : [];
  const body = items.map((i) => `  ${i.name}: ${i.local},`);
  return [...exports, `export const ${record} = {${body.length ? `\n${body.join('\n')}\n` : ''}} as const;`, ''];
}
