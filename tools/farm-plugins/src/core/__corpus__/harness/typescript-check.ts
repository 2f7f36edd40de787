import * as ts from 'typescript';

export interface CheckedFile {
  path: string;
  contents: string;
}

const options: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  jsx: ts.JsxEmit.Preserve,
  lib: ['lib.es2022.d.ts'],
  types: [],
  skipLibCheck: true,
  noUncheckedSideEffectImports: true,
};

const libCache = new Map<string, ts.SourceFile | undefined>();

/**
 * Type-checks generated files with the TypeScript compiler API, all in one program, in memory.
 * Every import (plugin sources, react, react-router, CSS) resolves to a stub module exporting
 * exactly the names the files import from it, as both a type and a value of type any.
 * Returns the diagnostics as `file:line:col message`.
 */
export function compileTypeScript(files: readonly CheckedFile[]): string[] {
  const sources = new Map(files.map((f) => [f.path, f.contents]));
  const stubs = stubModules(files);
  const base = ts.createCompilerHost(options, true);
  const host: ts.CompilerHost = {
    ...base,
    getCurrentDirectory: () => '/',
    fileExists: (f) => sources.has(f) || stubs.files.has(f) || base.fileExists(f),
    readFile: (f) => sources.get(f) ?? stubs.files.get(f) ?? base.readFile(f),
    getSourceFile: (fileName, languageVersion) => {
      const text = sources.get(fileName) ?? stubs.files.get(fileName);
      if (text !== undefined)
        return ts.createSourceFile(
          fileName,
          text,
          languageVersion,
          true,
          fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
        );
      if (!libCache.has(fileName)) libCache.set(fileName, base.getSourceFile(fileName, languageVersion));
      return libCache.get(fileName);
    },
    resolveModuleNameLiterals: (literals) =>
      literals.map((literal) => ({
        resolvedModule: {
          resolvedFileName: stubs.fileOf.get(literal.text)!,
          extension: ts.Extension.Ts,
          isExternalLibraryImport: false,
        },
      })),
  };
  const program = ts.createProgram([...sources.keys()], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => !d.file || sources.has(d.file.fileName))
    .map((d) => {
      const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      return `${d.file?.fileName ?? ''}:${where ? `${where.line + 1}:${where.character + 1}` : ''} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
    });
}

function stubModules(files: readonly CheckedFile[]): { files: Map<string, string>; fileOf: Map<string, string> } {
  const names = new Map<string, Set<string>>();
  const use = (specifier: string) => names.get(specifier) ?? names.set(specifier, new Set()).get(specifier)!;
  for (const f of files) {
    const sf = ts.createSourceFile(f.path, f.contents, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
        const set = use(node.moduleSpecifier.text);
        const bindings = node.importClause?.namedBindings;
        if (bindings && ts.isNamedImports(bindings))
          for (const el of bindings.elements) set.add((el.propertyName ?? el.name).text);
      } else if (
        ts.isCallExpression(node) &&
        node.expression.kind === ts.SyntaxKind.ImportKeyword &&
        node.arguments[0] &&
        ts.isStringLiteral(node.arguments[0])
      ) {
        use(node.arguments[0].text);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  const stubFiles = new Map<string, string>();
  const fileOf = new Map<string, string>();
  [...names].forEach(([specifier, exported], i) => {
    const file = `/__stubs__/m${i}.ts`;
    fileOf.set(specifier, file);
    const lines = ['declare const defaultExport: any;', 'export default defaultExport;'];
    for (const name of [...exported].filter((n) => n !== 'default'))
      lines.push(`export type ${name} = any;`, `export declare const ${name}: any;`);
    stubFiles.set(file, lines.join('\n') + '\n');
  });
  return { files: stubFiles, fileOf };
}

/** What a generated TypeScript file contains, for the "nothing the manifest did not say" check. */
export interface TsFacts {
  /** String literals, except module specifiers. */
  strings: string[];
  specifiers: string[];
  identifiers: string[];
  /** Names declared at the top level (interfaces, types, enums, consts, imports' local names). */
  declared: string[];
  /** Maximal literal subtrees (objects, arrays, strings, numbers …); a `__proto__:` key makes one unmatchable. */
  literals: unknown[];
  /** Kinds of the top-level statements. */
  statements: string[];
}

/** A marker no JSON value canonicalizes to: a `__proto__:` key in an object literal sets the prototype, it is not data. */
const protoSetter = '\u0000proto-setter';

export function typescriptFacts(file: CheckedFile): TsFacts {
  const sf = ts.createSourceFile(
    file.path,
    file.contents,
    ts.ScriptTarget.Latest,
    true,
    file.path.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const facts: TsFacts = {
    strings: [],
    specifiers: [],
    identifiers: [],
    declared: [],
    literals: [],
    statements: sf.statements.map((s) => ts.SyntaxKind[s.kind]),
  };
  for (const s of sf.statements) {
    if (
      ts.isInterfaceDeclaration(s) ||
      ts.isTypeAliasDeclaration(s) ||
      ts.isEnumDeclaration(s) ||
      ts.isClassDeclaration(s) ||
      ts.isFunctionDeclaration(s)
    ) {
      if (s.name) facts.declared.push(s.name.text);
    }
    if (ts.isVariableStatement(s))
      for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name)) facts.declared.push(d.name.text);
    if (ts.isImportDeclaration(s)) {
      const clause = s.importClause;
      if (clause?.name) facts.declared.push(clause.name.text);
      if (clause?.namedBindings && ts.isNamedImports(clause.namedBindings))
        for (const el of clause.namedBindings.elements) facts.declared.push(el.name.text);
    }
  }
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      facts.specifiers.push(node.moduleSpecifier.text);
      if (ts.isImportDeclaration(node) && node.importClause) visit(node.importClause);
      return;
    }
    if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      facts.specifiers.push(node.arguments[0].text);
      return;
    }
    const literal = literalValue(node);
    if (literal !== undefined && !isInsideLiteral(node)) facts.literals.push(literal);
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) facts.strings.push(node.text);
    if (ts.isIdentifier(node)) facts.identifiers.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return facts;
}

/** Whether an enclosing array or object literal is itself wholly literal (then only the outermost counts). */
function isInsideLiteral(node: ts.Node): boolean {
  for (
    let p = node.parent;
    p &&
    (ts.isPropertyAssignment(p) ||
      ts.isArrayLiteralExpression(p) ||
      ts.isObjectLiteralExpression(p) ||
      ts.isPrefixUnaryExpression(p));
    p = p.parent
  ) {
    if ((ts.isArrayLiteralExpression(p) || ts.isObjectLiteralExpression(p)) && literalValue(p) !== undefined)
      return true;
  }
  return false;
}

/** The JSON value of a literal expression, with JS semantics (a plain `__proto__` key is not data). */
function literalValue(node: ts.Node): unknown {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))
    return isPropertyName(node) ? undefined : node.text;
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (
    ts.isPrefixUnaryExpression(node) &&
    node.operator === ts.SyntaxKind.MinusToken &&
    ts.isNumericLiteral(node.operand)
  )
    return -Number(node.operand.text);
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (node.kind === ts.SyntaxKind.NullKeyword) return null;
  if (ts.isArrayLiteralExpression(node)) {
    const items = node.elements.map(literalValue);
    return items.includes(undefined) ? undefined : items;
  }
  if (ts.isObjectLiteralExpression(node)) {
    const out: Record<string, unknown> = {};
    for (const prop of node.properties) {
      if (!ts.isPropertyAssignment(prop)) return undefined;
      let key: string;
      if (ts.isComputedPropertyName(prop.name)) {
        if (!ts.isStringLiteral(prop.name.expression)) return undefined;
        key = prop.name.expression.text;
      } else if (ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name) || ts.isNumericLiteral(prop.name)) {
        key = prop.name.text;
        if (key === '__proto__') return protoSetter;
      } else return undefined;
      const value = literalValue(prop.initializer);
      if (value === undefined) return undefined;
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return undefined;
}

/** A string literal that names a property (of an object literal, interface, enum …), not a value. */
function isPropertyName(node: ts.Node): boolean {
  const parent = node.parent as ts.Node & { name?: ts.Node };
  return Boolean(parent && parent.name === node);
}

/** The marker value of an object literal with a prototype-setting `__proto__:` key. */
export const protoSetterValue = protoSetter;

/** JSON with sorted keys, so equal values compare equal as strings. */
export function canonical(value: unknown): string {
  if (value === protoSetter) return protoSetter;
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
