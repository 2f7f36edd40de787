import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import * as ts from 'typescript';
import { stripByteOrderMark } from '../../../src/core/json';

export interface CompileResult {
  /** Files written, relative to the output folder, sorted. */
  written: string[];
  /** Formatted compiler diagnostics; any means nothing was emitted. */
  errors: string[];
}

// What a plugin's browser and Node code is compiled with when its tsconfig says nothing else:
// ES modules (Vite consumes the components; Node ≥ 20.19 requires ESM lifecycle entries), the
// automatic JSX runtime, declarations beside the JS.
const defaults = {
  target: 'ES2022',
  module: 'ESNext',
  moduleResolution: 'bundler',
  lib: ['ES2022', 'DOM', 'DOM.Iterable'],
  strict: true,
  skipLibCheck: true,
  esModuleInterop: true,
  resolveJsonModule: true,
};

/**
 * Compiles `sources` (relative to `pluginDir`) into `outDir` with the TypeScript compiler API:
 * the plugin's own tsconfig.json when it has one, else the defaults above; always JSX react-jsx,
 * ES modules, declarations, and nothing emitted on any error.
 *
 * Plugins import the plugins they depend on by relative path (`../../auth/hooks/useAuth`), which
 * resolves the same way once both are installed in libs/plugins. Those files are type-checked
 * but not emitted: the program's root is the plugins folder and only this plugin's outputs are
 * written. Imports of undeclared plugins, or of anything outside the plugins folder, are errors.
 */
export function compileTypeScript(
  pluginDir: string,
  sources: string[],
  outDir: string,
  dependencies: ReadonlySet<string>,
): CompileResult {
  if (!sources.length) return { written: [], errors: [] };
  const pluginsDir = dirname(resolve(pluginDir));
  const folder = basename(resolve(pluginDir));
  // Emission is redirected below; nothing is ever written under this virtual folder.
  const virtualOut = join(resolve(outDir), '.tsc-out');
  const options = compilerOptions(pluginDir, pluginsDir, virtualOut);
  if ('errors' in options) return { written: [], errors: options.errors };
  const host = ts.createCompilerHost(options.options);
  const program = ts.createProgram({
    rootNames: sources.map((s) => join(pluginDir, s)),
    options: options.options,
    host,
  });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.some((d) => d.category === ts.DiagnosticCategory.Error))
    return { written: [], errors: format(diagnostics, pluginDir) };
  const undeclared = undeclaredPluginImports(program, pluginsDir, folder, dependencies);
  if (undeclared.length) return { written: [], errors: undeclared };

  const written: string[] = [];
  const writeFile: ts.WriteFileCallback = (file, text, bom, onError, sourceFiles, data) => {
    const rel = relative(virtualOut, file).split(sep);
    if (rel[0] !== folder) return; // a dependency's file: it ships in its own package
    const target = join(outDir, ...rel.slice(1));
    written.push(rel.slice(1).join('/'));
    host.writeFile(target, text, bom, onError, sourceFiles, data);
  };
  const emitted = program.emit(undefined, writeFile);
  const errors = emitted.diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
  return { written: written.sort(), errors: errors.length ? format(errors, pluginDir) : [] };
}

/** Source files of other plugin folders in the program whose plugin is not a declared dependency. */
function undeclaredPluginImports(
  program: ts.Program,
  pluginsDir: string,
  folder: string,
  dependencies: ReadonlySet<string>,
): string[] {
  const folders = new Set<string>();
  for (const file of program.getSourceFiles()) {
    const rel = relative(pluginsDir, file.fileName);
    if (rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('node_modules')) continue;
    const [other = ''] = rel.split(sep);
    if (other !== folder) folders.add(other);
  }
  const errors: string[] = [];
  for (const other of [...folders].sort()) {
    const manifest = join(pluginsDir, other, 'plugin.json');
    let name: string | undefined;
    try {
      name = JSON.parse(stripByteOrderMark(readFileSync(manifest, 'utf8'))).name;
    } catch {
      name = undefined;
    }
    if (!name)
      errors.push(
        `imports files of ${other}/, which is not a plugin folder: a package can only rely on plugins it depends on`,
      );
    else if (!dependencies.has(name))
      errors.push(
        `imports files of ${other}/ (${name}) without declaring it in plugin.json dependencies or peerDependencies; installed alone it would not resolve`,
      );
  }
  return errors;
}

function compilerOptions(
  pluginDir: string,
  rootDir: string,
  outDir: string,
): { options: ts.CompilerOptions } | { errors: string[] } {
  const tsconfig = join(pluginDir, 'tsconfig.json');
  let base: ts.CompilerOptions;
  if (existsSync(tsconfig)) {
    const diagnostics: ts.Diagnostic[] = [];
    const parsed = ts.getParsedCommandLineOfConfigFile(
      tsconfig,
      {},
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => diagnostics.push(d) },
    );
    if (!parsed || diagnostics.length) return { errors: format(diagnostics, pluginDir) };
    // "No inputs were found" and the like concern the file list, which the build chooses itself.
    const fatal = parsed.errors.filter((d) => d.category === ts.DiagnosticCategory.Error && d.code !== 18003);
    if (fatal.length) return { errors: format(fatal, pluginDir) };
    base = parsed.options;
  } else {
    const converted = ts.convertCompilerOptionsFromJson(defaults, pluginDir);
    if (converted.errors.length) return { errors: format(converted.errors, pluginDir) };
    base = converted.options;
  }
  const options: ts.CompilerOptions = {
    ...base,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    jsx: ts.JsxEmit.ReactJSX,
    noEmit: false,
    emitDeclarationOnly: false,
    declaration: true,
    declarationMap: false,
    sourceMap: false,
    composite: false,
    incremental: false,
    tsBuildInfoFile: undefined,
    noEmitOnError: true,
    // `import './x.tsx'` is rewritten to './x.js' in the output, so it runs where sources did.
    allowImportingTsExtensions: true,
    rewriteRelativeImportExtensions: true,
    // CSS and other asset imports are the bundler's business (the assets ship beside the JS).
    noUncheckedSideEffectImports: base.noUncheckedSideEffectImports ?? false,
    rootDir,
    outDir,
    declarationDir: undefined,
    outFile: undefined,
  };
  return { options };
}

function format(diagnostics: readonly ts.Diagnostic[], pluginDir: string): string[] {
  const host: ts.FormatDiagnosticsHost = {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => pluginDir,
    getNewLine: () => '\n',
  };
  return diagnostics.map((d) => ts.formatDiagnostic(d, host).trimEnd());
}
