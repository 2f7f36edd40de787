import { Node, type SourceFile } from 'ts-morph';

/** What a local name is bound to: a whole module (`*`, default) or one of its exports. */
export interface ModuleBinding {
  module: string;
  /** `*` for a namespace or default import / `require()`; otherwise the imported export name. */
  imported: string;
}

/**
 * Local names bound by `import … from 'm'`, `import x = require('m')`, `const x = require('m')`
 * and `const { a: b } = require('m')`, anywhere in the file. `node:` prefixes are dropped.
 */
export function moduleBindings(sourceFile: SourceFile): Map<string, ModuleBinding> {
  const bindings = new Map<string, ModuleBinding>();
  for (const decl of sourceFile.getImportDeclarations()) {
    const module = bareModule(decl.getModuleSpecifierValue());
    const def = decl.getDefaultImport();
    if (def) bindings.set(def.getText(), { module, imported: '*' });
    const ns = decl.getNamespaceImport();
    if (ns) bindings.set(ns.getText(), { module, imported: '*' });
    for (const named of decl.getNamedImports()) {
      bindings.set((named.getAliasNode() ?? named.getNameNode()).getText(), { module, imported: named.getName() });
    }
  }
  sourceFile.forEachDescendant((node) => {
    if (Node.isImportEqualsDeclaration(node)) {
      const ref = node.getModuleReference();
      if (Node.isExternalModuleReference(ref)) {
        const expr = ref.getExpression();
        if (expr && Node.isStringLiteral(expr))
          bindings.set(node.getName(), { module: bareModule(expr.getLiteralValue()), imported: '*' });
      }
      return;
    }
    if (!Node.isVariableDeclaration(node)) return;
    const module = requiredModule(node.getInitializer());
    if (module === undefined) return;
    const name = node.getNameNode();
    if (Node.isIdentifier(name)) bindings.set(name.getText(), { module, imported: '*' });
    else if (Node.isObjectBindingPattern(name)) {
      for (const element of name.getElements()) {
        const imported = element.getPropertyNameNode()?.getText() ?? element.getName();
        bindings.set(element.getName(), { module, imported });
      }
    }
  });
  return bindings;
}

/** `require('m')` (or `require('m').x`, whose module is still m) → 'm'. */
export function requiredModule(node: Node | undefined): string | undefined {
  let current = node;
  while (
    current &&
    (Node.isPropertyAccessExpression(current) ||
      Node.isAwaitExpression(current) ||
      Node.isParenthesizedExpression(current))
  )
    current = current.getExpression();
  if (!current || !Node.isCallExpression(current)) return undefined;
  const callee = current.getExpression();
  const [arg] = current.getArguments();
  if (!Node.isIdentifier(callee) || callee.getText() !== 'require' || !arg) return undefined;
  return Node.isStringLiteral(arg) || Node.isNoSubstitutionTemplateLiteral(arg)
    ? bareModule(arg.getLiteralValue())
    : undefined;
}

export function bareModule(specifier: string): string {
  return specifier.replace(/^node:/, '');
}

/**
 * What a call's callee refers to through the bindings: `fs.promises.readFile` with `fs` bound to
 * module fs → { module: 'fs', path: ['promises', 'readFile'] }. Unbound names → undefined.
 */
export function calleeTarget(
  callee: Node,
  bindings: ReadonlyMap<string, ModuleBinding>,
): { module: string; path: string[] } | undefined {
  const path: string[] = [];
  let current: Node = callee;
  while (
    Node.isPropertyAccessExpression(current) ||
    Node.isParenthesizedExpression(current) ||
    Node.isNonNullExpression(current)
  ) {
    if (Node.isPropertyAccessExpression(current)) path.unshift(current.getName());
    current = current.getExpression();
  }
  if (Node.isIdentifier(current)) {
    const binding = bindings.get(current.getText());
    if (!binding) return undefined;
    return { module: binding.module, path: binding.imported === '*' ? path : [binding.imported, ...path] };
  }
  const module = requiredModule(current);
  return module === undefined ? undefined : { module, path };
}
