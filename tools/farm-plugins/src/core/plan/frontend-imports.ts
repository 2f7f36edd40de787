/**
 * Whether the generated frontend can import a declared file by its exact name, so that the app's
 * TypeScript check and Vite both reach that very file (issue 12 item 7). The generated imports keep
 * the extension (relativeImport): `allowImportingTsExtensions` with `moduleResolution: "bundler"`
 * in apps/frontend/tsconfig.json lets TypeScript take `./Card.tsx`, and Vite loads a file named
 * exactly before it tries anything else. What is left are the names they read differently.
 */

/** What a declared file is imported as: code (components, hooks, pages) or a style sheet (side effect only). */
export type FrontendImportKind = 'code' | 'style';

export interface FrontendImportProblem {
  message: string;
  fix: string;
}

/**
 * Files TypeScript reads in place of an imported JavaScript file, in its order, when they exist:
 * a TypeScript file of the same stem shadows it, a declaration types it. Vite loads the named file.
 * (frontend-imports.spec.ts checks this table against ts.resolveModuleName with the app's tsconfig.)
 */
const readFirstByTypeScript = {
  '.js': ['.ts', '.tsx', '.d.ts'],
  '.jsx': ['.tsx', '.ts', '.d.ts'],
  '.mjs': ['.mts', '.d.mts'],
} as const satisfies Readonly<Record<string, readonly string[]>>;

const typeScriptModule = /\.(tsx|ts|mts)$/;
const declaration = /\.d\.[cm]?ts$/;
const javaScriptModule = /\.(jsx|js|mjs)$/;

/**
 * Workspace-relative files whose existence decides whether `file` can be imported exactly (the
 * TypeScript files of the same stem for a JavaScript one): the shell resolves them for validate.
 */
export function frontendImportCompanions(file: string): string[] {
  // The pattern matches exactly the table's extensions.
  const ext = javaScriptModule.exec(file)?.[0] as keyof typeof readFirstByTypeScript | undefined;
  if (!ext) return [];
  const stem = file.slice(0, -ext.length);
  return readFirstByTypeScript[ext].map((companion) => stem + companion);
}

/**
 * Why the generated frontend cannot import the declared (existing, workspace-relative) `file`
 * exactly, or undefined when it can. `exists` answers for the files of frontendImportCompanions.
 */
export function frontendImportProblem(
  file: string,
  kind: FrontendImportKind,
  exists: (file: string) => boolean,
): FrontendImportProblem | undefined {
  // Vite cuts an id at the first ? or # (its cleanUrl): `Card?raw.tsx` would load `Card` as raw text.
  const cut = /[?#]/.exec(file);
  if (cut) {
    const what = cut[0] === '?' ? 'a query' : 'a hash';
    return {
      message: `${file}: Vite reads everything after "${cut[0]}" as ${what}, so it would look for ${file.slice(0, cut.index)}`,
      fix: 'rename the file (and its folders) without ? and #',
    };
  }
  if (kind === 'style') return undefined;
  if (declaration.test(file)) {
    return {
      message: `${file} is a declaration file: it has no code for the app to import`,
      fix: 'point at the .ts, .tsx or .js file it declares',
    };
  }
  if (typeScriptModule.test(file)) return undefined;
  const ext = javaScriptModule.exec(file)?.[0];
  if (!ext) {
    return {
      message: `${file} is not a module the app imports: components, hooks and pages are .ts, .tsx or .mts files (or .js, .jsx, .mjs with a declaration beside them)`,
      fix: 'rename it to .tsx (or .ts)',
    };
  }
  const read = frontendImportCompanions(file).find(exists);
  if (read !== undefined && declaration.test(read)) return undefined;
  if (read !== undefined) {
    return {
      message: `${file} would be shipped by Vite, but TypeScript checks ${read} in its place (a TypeScript file of the same stem comes first for TypeScript)`,
      fix: `rename one of the two files, or remove the one that is not used`,
    };
  }
  const stem = file.slice(0, -ext.length);
  return {
    message: `${file} is JavaScript with no declaration beside it (${stem}${ext === '.mjs' ? '.d.mts' : '.d.ts'}): the app's TypeScript check (strict, no allowJs) cannot type it`,
    fix: `write it in TypeScript (${ext === '.mjs' ? '.mts' : ext === '.jsx' ? '.tsx' : '.ts or .tsx'}), or add the declaration (nx run <plugin>:build writes one for each compiled file)`,
  };
}
