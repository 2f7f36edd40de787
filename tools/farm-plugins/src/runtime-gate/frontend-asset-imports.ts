import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, posix } from 'node:path';
import { problem, type FarmProblem } from '../core/errors';
import type { AssetFileView } from './asset-file-view';
import { isPathSpecifier, viteResolvedFile, withoutQuery, type ViteApp } from './vite-file-resolution';

/** One import of a file by path (or of a package's file) in a module: its specifier and where it is written (1-based). */
export interface PathImport {
  specifier: string;
  line: number;
  column: number;
  /** `import`/`export … from`/`import()`, or `new URL(…, import.meta.url)` (Vite's asset URL). */
  kind: 'import' | 'url';
}

/** The module files Vite bundles from a plugin (declarations are not bundled). */
export const moduleFileRE = /(?<!\.d)\.(?:[cm]?[jt]sx?)$/;

// A quoted path ('./…', '../…', '/…') in the text: files without one are not parsed.
const quotedPathRE = /(['"`])\.{0,2}\/[^'"`\n]*\1/;
const quotedPathsRE = /(['"`])(\.{0,2}\/[^'"`\n]*)\1/g;
// A quoted package specifier with a subpath or query ('pkg/dist/style.css', '@scope/pkg/a.svg?url').
const quotedPackageFilesRE = /(['"`])((?:@[\w.-]+\/)?\w[\w.-]*[/?][^'"`\s]*)\1/g;

/** Whether a specifier names a package or a file in one (`pkg`, `@scope/pkg/x.css`): not a path, URL or `node:` module. */
export function isPackageSpecifier(specifier: string): boolean {
  return /^(?:@[\w.-]+\/)?\w[\w.-]*(?:[/?#]|$)/.test(specifier) && !/^\w+:/.test(specifier);
}

/**
 * The imports by path of a module's text — static `import`/`export … from` (not `import type`),
 * `import('…')` with a literal, and `new URL('…', import.meta.url)` — read with TypeScript's
 * parser (the JavaScript compiler ts-morph bundles, loaded only when a quoted path is in the text;
 * the frontend type check has loaded it already). Specifiers of packages are left out unless
 * `packages` (then those of `import`s too, with a subpath or query; `new URL` takes none: it is
 * relative to the module).
 */
export function pathImportsOf(file: string, text: string, packages = false): PathImport[] {
  if (!quotedPathRE.test(text) && !(packages && quotedPackageFilesRE.test(text))) return [];
  quotedPackageFilesRE.lastIndex = 0;
  const { ts }: typeof import('ts-morph') = require('ts-morph');
  const kind = file.endsWith('.tsx')
    ? ts.ScriptKind.TSX
    : file.endsWith('.jsx')
      ? ts.ScriptKind.JSX
      : /\.[cm]?ts$/.test(file)
        ? ts.ScriptKind.TS
        : ts.ScriptKind.JS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
  const found: PathImport[] = [];
  const add = (literal: import('ts-morph').ts.Node, specifier: string, as: PathImport['kind']) => {
    if (!isPathSpecifier(specifier) && !(packages && as === 'import' && isPackageSpecifier(specifier))) return;
    const at = source.getLineAndCharacterOfPosition(literal.getStart(source));
    found.push({ specifier, line: at.line + 1, column: at.character + 1, kind: as });
  };
  const literalText = (node: import('ts-morph').ts.Node | undefined) =>
    node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
  const visit = (node: import('ts-morph').ts.Node): void => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly) {
      const specifier = literalText(node.moduleSpecifier);
      if (specifier !== undefined) add(node.moduleSpecifier, specifier, 'import');
    } else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier) {
      const specifier = literalText(node.moduleSpecifier);
      if (specifier !== undefined) add(node.moduleSpecifier, specifier, 'import');
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const specifier = literalText(node.arguments[0]);
      if (specifier !== undefined) add(node.arguments[0]!, specifier, 'import');
    } else if (
      ts.isNewExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'URL' &&
      node.arguments?.length === 2 &&
      /^import\.meta\.url$/.test(node.arguments[1]!.getText(source))
    ) {
      const specifier = literalText(node.arguments[0]);
      if (specifier !== undefined) add(node.arguments[0]!, specifier, 'url');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * The module names TypeScript lets through without a file because the app's types declare them:
 * vite/client's wildcard modules (`*.png`, `*.css`, `*?raw`, `*?url` …), read from the installed
 * vite's client.d.ts (the app's tsconfig lists `vite/client` in `types`). Each is a prefix and a
 * suffix around the `*`, matched as TypeScript matches pattern ambient modules.
 */
export function viteClientModulePatterns(workspaceRoot: string): { prefix: string; suffix: string }[] {
  let text: string;
  try {
    // vite's `exports` name no client.d.ts path: it is beside its package.json.
    const vitePackage = createRequire(join(workspaceRoot, 'package.json')).resolve('vite/package.json');
    text = readFileSync(join(dirname(vitePackage), 'client.d.ts'), 'utf8');
  } catch {
    return [];
  }
  return [...text.matchAll(/declare module '([^'*]*)\*([^'*]*)'/g)].map((m) => ({ prefix: m[1]!, suffix: m[2]! }));
}

/**
 * Whether the app's build would miss a file TypeScript does not look for: the specifier has a
 * query or hash (`./a.svg?react`: TypeScript never takes it for a file) or matches a vite/client
 * wildcard module; `new URL` specifiers always (TypeScript does not read them).
 */
export function onlyViteReads(found: PathImport, patterns: readonly { prefix: string; suffix: string }[]): boolean {
  const s = found.specifier;
  return (
    found.kind === 'url' ||
    /[?#]/.test(s) ||
    patterns.some(
      (p) => s.length >= p.prefix.length + p.suffix.length && s.startsWith(p.prefix) && s.endsWith(p.suffix),
    )
  );
}

/**
 * Whether a module's text holds a quoted path or package file onlyViteReads would judge, or a `new URL` of
 * `import.meta.url`: the others are not parsed (most plugin modules import only modules).
 */
export function mayImportForViteOnly(text: string, patterns: readonly { prefix: string; suffix: string }[]): boolean {
  if (text.includes('import.meta.url')) return true;
  for (const re of [quotedPathsRE, quotedPackageFilesRE])
    for (const m of text.matchAll(re))
      if (onlyViteReads({ specifier: m[2]!, line: 0, column: 0, kind: 'import' }, patterns)) return true;
  return false;
}

/** A file a module imports for Vite only: the file found, the specifier, and where it is written (`from`, line, column). */
export interface ImportedFile {
  file: string;
  specifier: string;
  from: string;
  line: number;
  column: number;
}

/** An import of a package's file that only Vite reads (`import 'pkg/dist/style.css'`), where it is written. */
export type PackageFileImport = Omit<ImportedFile, 'file'>;

/**
 * FARM_E138 for each import by path in `files` (modules of `plugin`, workspace-relative) that
 * only Vite reads (onlyViteReads) and that names no file as Vite resolves it (viteResolvedFile):
 * `import logo from './logo.png'` passes the type check (vite/client declares `*.png`) and
 * fails `nx run frontend:build`; a `new URL('./x.png', import.meta.url)` to no file builds with a
 * warning and is a 404 in the browser. Located at the specifier. Returns also the files found by
 * each import (workspace-relative) and where it is written, for the stylesheet checks, and the
 * imports of packages' files only Vite reads (for packageFileImportProblems).
 */
export function assetImportProblems(
  view: AssetFileView,
  plugin: string,
  files: readonly string[],
  app: ViteApp,
  patterns: readonly { prefix: string; suffix: string }[],
): { problems: FarmProblem[]; imported: ImportedFile[]; packageFiles: PackageFileImport[] } {
  const problems: FarmProblem[] = [];
  const imported: ImportedFile[] = [];
  const packageFiles: PackageFileImport[] = [];
  for (const file of files) {
    const text = view.read(file);
    if (text === undefined || !mayImportForViteOnly(text, patterns)) continue;
    for (const found of pathImportsOf(file, text, true)) {
      if (!onlyViteReads(found, patterns)) continue;
      if (!isPathSpecifier(found.specifier)) {
        packageFiles.push({ specifier: found.specifier, from: file, line: found.line, column: found.column });
        continue;
      }
      const resolved = viteResolvedFile(view, file, found.specifier, app);
      if (resolved) {
        imported.push({
          file: resolved,
          specifier: found.specifier,
          from: file,
          line: found.line,
          column: found.column,
        });
        continue;
      }
      const missing = found.specifier.startsWith('/')
        ? withoutQuery(found.specifier)
        : posix.join(posix.dirname(file), withoutQuery(found.specifier));
      problems.push(
        problem(
          'FARM_E138',
          found.kind === 'url'
            ? `new URL(${JSON.stringify(found.specifier)}, import.meta.url) names ${missing}, which does not exist: Vite builds it unchanged and the browser gets a 404`
            : `imports ${JSON.stringify(found.specifier)}, but ${missing} does not exist (as Vite resolves it): TypeScript lets it through (vite/client declares such modules) and \`nx run frontend:build\` fails`,
          {
            plugin,
            file,
            line: found.line,
            column: found.column,
            fix: `add the file the import names, or correct the path (Vite looks for it relative to ${file}, without its ?query)`,
          },
        ),
      );
    }
  }
  return { problems, imported, packageFiles };
}
