/**
 * Whether a TypeScript file puts names where every other file of the program sees them, so that
 * two plugins can clash without importing each other:
 * - a **script** — a file without top-level `import`/`export` (TypeScript's externalModuleIndicator,
 *   read by its own parser): every top-level declaration is global (`const VERSION = 1`,
 *   `interface Window { … }`);
 * - a module with **`declare global { … }`** (a global augmentation) or **`declare module '…'`**
 *   (an ambient module or a module augmentation).
 * Over-approximates where only the compiler options decide (`moduleDetection`, JSX files under
 * `react-jsx`, which TypeScript also reads as modules): a module counted as global only costs its
 * parse in the gate's program, while a global file missed would let a clash through.
 *
 * Cheap first: a file that says `declare` nowhere and whose first line starting an import/export
 * statement has nothing before it that could nest or hide it (a `{`, a block comment, a template
 * literal) is a module without global declarations — most files, decided without a parse.
 */
export function declaresGlobals(fileName: string, text: string): boolean {
  if (!/\bdeclare\b/.test(text)) {
    const statement = moduleStatement.exec(text);
    if (statement && !/[{`]|\/\*/.test(text.slice(0, statement.index))) return false;
  }
  // Loaded here, not at the top: most files are decided above, and the module is large.
  const { ts }: typeof import('ts-morph') = require('ts-morph');
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  if (!ts.isExternalModule(source)) return true;
  return source.statements.some(
    (statement) =>
      ts.isModuleDeclaration(statement) &&
      ((statement.flags & ts.NodeFlags.GlobalAugmentation) !== 0 || ts.isStringLiteral(statement.name)),
  );
}

/**
 * A line that starts a statement only a module has: `export …`, `import … from '…'`, `import '…'`,
 * `import x = require('…')` (not `import x = N.y`, an alias a script may hold).
 */
const moduleStatement = /^(?:export\s|import\s[^=;\n]*\sfrom\s*['"]|import\s*['"]|import\s+\w+\s*=\s*require\s*\()/m;
