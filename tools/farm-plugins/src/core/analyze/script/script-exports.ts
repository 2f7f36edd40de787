import { Node, type SourceFile } from 'ts-morph';
import { closestName } from '../../graph/closest-name';

/**
 * validateComponentExport of the spec, on the AST: the file's default export is a React
 * component — a function, an arrow, a class component, memo(…) or forwardRef(…) (lazy(…) too).
 * Returns why not, or undefined when it is one.
 */
export function componentExportProblem(sourceFile: SourceFile): string | undefined {
  const declarations = sourceFile.getExportedDeclarations().get('default');
  if (!declarations?.length) return 'has no default export';
  const verdicts = declarations.map(componentVerdict);
  return verdicts.includes(undefined) ? undefined : verdicts[0];
}

/** validateHookExport of the spec: the file exports `name`, and it is a function (or made by a call). */
export function hookExportProblem(sourceFile: SourceFile, name: string): string | undefined {
  const exported = sourceFile.getExportedDeclarations();
  const declarations = exported.get(name);
  if (!declarations?.length) {
    const near = closestName(name, [...exported.keys()].filter((k) => k !== 'default'));
    return `does not export "${name}"${near ? ` (it exports "${near}")` : ''}`;
  }
  for (const decl of declarations) {
    if (Node.isFunctionDeclaration(decl)) return undefined;
    if (Node.isVariableDeclaration(decl)) {
      const init = unwrap(decl.getInitializer());
      if (!init || Node.isArrowFunction(init) || Node.isFunctionExpression(init) || Node.isCallExpression(init) || Node.isIdentifier(init)) return undefined;
    }
  }
  return `exports "${name}" as ${describe(declarations[0])}, not as a function`;
}

function componentVerdict(decl: Node): string | undefined {
  const node = Node.isExportAssignment(decl) ? decl.getExpression() : decl;
  if (Node.isFunctionDeclaration(node) || Node.isArrowFunction(node) || Node.isFunctionExpression(node)) return undefined;
  if (Node.isClassDeclaration(node) || Node.isClassExpression(node)) {
    const base = node.getExtends()?.getExpression().getText() ?? '';
    return /(^|\.)(Pure)?Component$/.test(base) || node.getMethod('render') ? undefined : 'default-exports a class that is neither a Component subclass nor has render()';
  }
  if (Node.isVariableDeclaration(node)) {
    const init = unwrap(node.getInitializer());
    return init ? componentVerdict(init) : `default-exports ${node.getName()}, which has no value`;
  }
  const expr = unwrap(node);
  if (expr && Node.isCallExpression(expr)) {
    const callee = expr.getExpression().getText().replace(/^React\./, '');
    return ['memo', 'forwardRef', 'lazy'].includes(callee) ? undefined : `default-exports the result of ${callee}(…), not a function, class, memo() or forwardRef()`;
  }
  if (expr && expr !== node && (Node.isArrowFunction(expr) || Node.isFunctionExpression(expr) || Node.isClassExpression(expr))) return componentVerdict(expr);
  return `default-exports ${describe(node)}, not a React component`;
}

function unwrap(node: Node | undefined): Node | undefined {
  let current = node;
  while (current && (Node.isParenthesizedExpression(current) || Node.isAsExpression(current) || Node.isSatisfiesExpression(current) || Node.isNonNullExpression(current))) {
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
