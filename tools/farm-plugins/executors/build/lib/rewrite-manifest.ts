import { parseTree, type Node } from 'jsonc-parser';

/**
 * plugin.json for the package: every `path` / `file` that names a compiled TypeScript source
 * (`./components/X.tsx`) names its compiled module instead (`./components/X.js`), so the
 * installed package is self-consistent. Only those strings change; the rest of the text is kept.
 */
export function rewriteManifestPaths(text: string, compiled: ReadonlyMap<string, string>): string {
  const edits: { offset: number; length: number; value: string }[] = [];
  const visit = (node: Node | undefined) => {
    if (!node) return;
    const [key, value] = node.type === 'property' && node.children?.length === 2 ? node.children : [];
    if (key && value && (key.value === 'path' || key.value === 'file') && value.type === 'string') {
      const path = value.value as string;
      const prefix = path.startsWith('./') ? './' : '';
      const output = compiled.get(path.slice(prefix.length));
      if (output !== undefined)
        edits.push({ offset: value.offset, length: value.length, value: JSON.stringify(`${prefix}${output}`) });
    }
    node.children?.forEach(visit);
  };
  visit(parseTree(text));
  // Back to front, so earlier offsets stay valid.
  return edits
    .sort((a, b) => b.offset - a.offset)
    .reduce((out, e) => out.slice(0, e.offset) + e.value + out.slice(e.offset + e.length), text);
}
