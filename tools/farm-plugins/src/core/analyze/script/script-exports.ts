import { Node, type SourceFile } from 'ts-morph';
import { closestName } from '../../graph/closest-name';

/**
 * validateComponentExport of the spec, on the AST: the file's export `name` (`default` unless the
 * entry's `export` names another) is a React component — a function, an arrow, a class component,
 * memo(…) or forwardRef(…) (lazy(…) too). Re-exports inside the plugin are followed
 * (`export { default as Card } from './Card'`, `export * from './cards'`).
 * Returns why not, or undefined when it is one.
 */
export function componentExportProblem(sourceFile: SourceFile, name = 'default'): string | undefined {
  const exported = sourceFile.getExportedDeclarations();
  const declarations = exported.get(name);
  if (!declarations?.length) return missingExport(sourceFile, name, exported);
  const verb = name === 'default' ? 'default-exports' : `exports ${name} as`;
  const verdicts = declarations.map((d) => componentVerdict(d, verb));
  return verdicts.includes(undefined) ? undefined : verdicts[0];
}

/** validateHookExport of the spec: the file exports `name`, and it is a function (or made by a call). */
export function hookExportProblem(sourceFile: SourceFile, name: string): string | undefined {
  const exported = sourceFile.getExportedDeclarations();
  const declarations = exported.get(name);
  if (!declarations?.length) return missingExport(sourceFile, name, exported);
  for (const decl of declarations) {
    if (Node.isFunctionDeclaration(decl)) return undefined;
    if (Node.isVariableDeclaration(decl)) {
      const init = unwrap(decl.getInitializer());
      if (
        !init ||
        Node.isArrowFunction(init) ||
        Node.isFunctionExpression(init) ||
        Node.isCallExpression(init) ||
        Node.isIdentifier(init)
      )
        return undefined;
    }
  }
  return `exports "${name}" as ${describe(declarations[0]!)}, not as a function`; // non-empty: checked above
}

/** Why `name` is not among the file's exports: a re-export from outside the plugin, or a near miss. */
function missingExport(sourceFile: SourceFile, name: string, exported: ReadonlyMap<string, Node[]>): string {
  const outside = outsideReexport(sourceFile, name);
  if (outside)
    return `re-exports ${name === 'default' ? 'its default export' : `"${name}"`} from ${outside}, outside the plugin (only code of the plugin is checked)`;
  if (name === 'default') return 'has no default export';
  const near = closestName(
    name,
    [...exported.keys()].filter((k) => k !== 'default'),
  );
  return `does not export "${name}"${near ? ` (it exports "${near}")` : ''}`;
}

/** The module specifier (quoted) of a re-export that may provide `name` but is not a file of the plugin. */
function outsideReexport(sourceFile: SourceFile, name: string): string | undefined {
  for (const decl of sourceFile.getExportDeclarations()) {
    const specifier = decl.getModuleSpecifierValue();
    if (specifier !== undefined) {
      if (decl.getModuleSpecifierSourceFile()) continue;
      const names = decl.getNamedExports().map((e) => (e.getAliasNode() ?? e.getNameNode()).getText());
      if (names.includes(name) || (decl.isNamespaceExport() && !decl.getNamespaceExport() && name !== 'default'))
        return `'${specifier}'`;
      continue;
    }
    // `import { Card } from 'ui'; export { Card }`
    for (const e of decl.getNamedExports()) {
      if ((e.getAliasNode() ?? e.getNameNode()).getText() !== name) continue;
      const local = e.getNameNode().getText();
      const imported = sourceFile
        .getImportDeclarations()
        .find(
          (i) =>
            i.getDefaultImport()?.getText() === local ||
            i.getNamedImports().some((n) => (n.getAliasNode() ?? n.getNameNode()).getText() === local),
        );
      if (imported && !imported.getModuleSpecifierSourceFile()) return `'${imported.getModuleSpecifierValue()}'`;
    }
  }
  return undefined;
}

function componentVerdict(decl: Node, verb: string): string | undefined {
  const node = Node.isExportAssignment(decl) ? decl.getExpression() : decl;
  if (Node.isFunctionDeclaration(node) || Node.isArrowFunction(node) || Node.isFunctionExpression(node))
    return undefined;
  if (Node.isClassDeclaration(node) || Node.isClassExpression(node)) {
    const base = node.getExtends()?.getExpression().getText() ?? '';
    return /(^|\.)(Pure)?Component$/.test(base) || node.getMethod('render')
      ? undefined
      : `${verb} a class that is neither a Component subclass nor has render()`;
  }
  if (Node.isVariableDeclaration(node)) {
    const init = unwrap(node.getInitializer());
    return init ? componentVerdict(init, verb) : `${verb} ${node.getName()}, which has no value`;
  }
  const expr = unwrap(node);
  if (expr && Node.isCallExpression(expr)) {
    const callee = expr
      .getExpression()
      .getText()
      .replace(/^React\./, '');
    return ['memo', 'forwardRef', 'lazy'].includes(callee)
      ? undefined
      : `${verb} the result of ${callee}(…), not a function, class, memo() or forwardRef()`;
  }
  if (
    expr &&
    expr !== node &&
    (Node.isArrowFunction(expr) || Node.isFunctionExpression(expr) || Node.isClassExpression(expr))
  )
    return componentVerdict(expr, verb);
  return `${verb} ${describe(node)}, not a React component`;
}

function unwrap(node: Node | undefined): Node | undefined {
  let current = node;
  while (
    current &&
    (Node.isParenthesizedExpression(current) ||
      Node.isAsExpression(current) ||
      Node.isSatisfiesExpression(current) ||
      Node.isNonNullExpression(current))
  ) {
    current = current.getExpression();
  }
  return current;
}

function describe(node: Node): string {
  if (Node.isInterfaceDeclaration(node)) return `interface ${node.getName()}`;
  if (Node.isTypeAliasDeclaration(node)) return `type ${node.getName()}`;
  if (Node.isEnumDeclaration(node)) return `enum ${node.getName()}`;
  if (Node.isClassDeclaration(node)) return `class ${node.getName() ?? ''}`.trim();
  if (Node.isVariableDeclaration(node)) {
    const init = unwrap(node.getInitializer());
    return init ? `a variable holding ${describe(init)}` : 'a variable without a value';
  }
  if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) return 'a string';
  if (Node.isNumericLiteral(node)) return 'a number';
  if (Node.isObjectLiteralExpression(node)) return 'an object';
  if (Node.isArrayLiteralExpression(node)) return 'an array';
  return `a ${node.getKindName()}`;
}
