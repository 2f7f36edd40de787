import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type * as TS from 'typescript';
import { problem, type FarmProblem } from '../core/errors';
import type { GeneratedFile } from '../core/emit/shared';
import type { IntegrationPlan, PlanOrigin } from '../core/plan';

/** What the type-check reads: the candidate's generated files over the workspace (or a Tree's view of it). */
export interface FrontendTypecheckInput {
  workspaceRoot: string;
  /** Workspace-relative tsconfig of the frontend app (its compilerOptions are the check's). */
  tsconfig: string;
  /** The candidate's generated indexes (workspace-relative paths): the program's roots. */
  files: readonly GeneratedFile[];
  plan: IntegrationPlan;
  /**
   * The files the change touches (a generator's Tree), by workspace-relative path: their text, or
   * null when the change deletes them. The disk answers for the rest.
   */
  overlay?: ReadonlyMap<string, string | null>;
  /** Whose errors count (a plugin's package name): the plugins the change or the validate is about. Default: all. */
  judged?: (plugin: string) => boolean;
}

type Cached = { text: string; file: TS.SourceFile };
/** Parsed library files (lib.dom.d.ts, @types/react …) by path, kept across checks in one process (validate's batch, the dev loop). */
const libraryFiles = new Map<string, Cached>();
let previous: TS.Program | undefined;

/**
 * Issue 12's frontend gate: a TypeScript program over the candidate's generated indexes and the
 * plugin files they reach, with the frontend app's own compilerOptions (its tsconfig: bundler
 * resolution, allowImportingTsExtensions, strict …) plus skipLibCheck, type-checked by the
 * workspace's own `typescript` (else the tool's). The files come from an in-memory compiler host:
 * the generated files and the overlay first, then the disk, so nothing is written to check.
 *
 * Each error in a judged plugin's file is FARM_E106 at its file, line and column; one in a
 * generated line is FARM_E106 at the manifest entry that produced the line (the component, hook,
 * route or style); the compiler's message is quoted. Cost: parsing the DOM and React types is most
 * of the first check in a process (~1 s here); later ones reuse them.
 */
export function frontendTypeProblems(input: FrontendTypecheckInput): FarmProblem[] {
  const ts = loadTypescript(input.workspaceRoot);
  const root = resolve(input.workspaceRoot);
  const abs = (path: string) => join(root, path);
  const rel = (path: string) => relative(root, path).split(sep).join('/');
  const generated = new Map(input.files.map((f) => [abs(f.path), f.contents]));
  const overlay = new Map<string, string | null>([...(input.overlay ?? [])].map(([path, text]) => [abs(path), text]));
  for (const [path, text] of generated) overlay.set(path, text);
  // Folders that hold a file only the change has (a plugin add brings): module resolution asks for them.
  const folders = new Set<string>();
  for (const [path, text] of overlay)
    for (let dir = dirname(path); text !== null && dir.length > root.length && !folders.has(dir); dir = dirname(dir))
      folders.add(dir);
  const overlaid = (path: string): string | null | undefined => overlay.get(path);
  const readText = (path: string): string | undefined => {
    const over = overlaid(path);
    if (over !== undefined) return over ?? undefined;
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  };

  const config = ts.readConfigFile(abs(input.tsconfig), (path) => readText(path));
  const parsed = ts.parseJsonConfigFileContent(config.config ?? {}, ts.sys, dirname(abs(input.tsconfig)));
  const options: TS.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    skipLibCheck: true,
    incremental: false,
    composite: false,
    tsBuildInfoFile: undefined,
  };
  const host = ts.createCompilerHost(options, true);
  host.fileExists = (path) => {
    const over = overlaid(path);
    return over !== undefined ? over !== null : existsSync(path);
  };
  host.readFile = readText;
  host.directoryExists = (path) => folders.has(path) || ts.sys.directoryExists(path);
  host.realpath = (path) => (overlay.has(path) || folders.has(path) ? path : (ts.sys.realpath?.(path) ?? path));
  host.getSourceFile = (path, languageVersion) => {
    const text = readText(path);
    if (text === undefined) return undefined;
    const library = path.includes(`${sep}node_modules${sep}`) || path.endsWith('.d.ts');
    const cached = library ? libraryFiles.get(path) : undefined;
    if (cached?.text === text) return cached.file;
    const file = ts.createSourceFile(path, text, languageVersion, true);
    if (library) libraryFiles.set(path, { text, file });
    return file;
  };
  const roots = input.files.filter((f) => /\.tsx?$/.test(f.path)).map((f) => abs(f.path));
  const program = ts.createProgram({ rootNames: roots, options, host, oldProgram: previous });
  previous = program;

  const owners = input.plan.plugins.map((p) => ({ name: p.name, folder: `${p.root}/` }));
  const judged = input.judged ?? (() => true);
  const problems: FarmProblem[] = [];
  const seen = new Set<string>();
  const diagnostics = [
    ...program.getSyntacticDiagnostics(),
    ...program.getSemanticDiagnostics(),
    ...program.getGlobalDiagnostics(),
  ];
  for (const diagnostic of diagnostics) {
    if (diagnostic.category !== ts.DiagnosticCategory.Error || !diagnostic.file) continue;
    const file = rel(diagnostic.file.fileName);
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    const message = `the frontend does not type-check: TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    let found: FarmProblem | undefined;
    const owner = owners.find((o) => file.startsWith(o.folder));
    if (owner) {
      if (judged(owner.name))
        found = problem('FARM_E106', message, { plugin: owner.name, file, line: line + 1, column: character + 1 });
    } else if (generated.has(diagnostic.file.fileName)) {
      const text = diagnostic.file.text.split('\n')[line] ?? '';
      const origin = generatedOrigin(text, input.plan);
      if (origin && judged(origin.plugin))
        found = problem('FARM_E106', `${message} (at ${file}:${line + 1}: ${text.trim()})`, {
          plugin: origin.plugin,
          file: origin.file,
          pointer: origin.pointer,
        });
      else if (!origin) found = problem('FARM_E106', message, { file, line: line + 1, column: character + 1 });
    }
    if (!found) continue;
    const key = `${found.file}:${found.line}:${found.column}:${found.pointer}:${found.message}`;
    if (!seen.has(key) && seen.add(key)) problems.push(found);
  }
  return problems;
}

/** The plan entry a generated line wires: a component or hook by its local name, a route or style by its file. */
function generatedOrigin(line: string, plan: IntegrationPlan): PlanOrigin | undefined {
  const { components, hooks, routes, styles } = plan.frontend;
  return (
    [...components, ...hooks].find((entry) => new RegExp(`\\b${entry.local}\\b`).test(line)) ??
    [...routes, ...styles].find((entry) => line.includes(`/${entry.source}"`) || line.includes(`/${entry.source}'`))
  );
}

/** The workspace's own `typescript` (the version its tsconfig is written for), else the tool's. */
function loadTypescript(workspaceRoot: string): typeof TS {
  try {
    return createRequire(join(workspaceRoot, 'package.json'))('typescript');
  } catch {
    return require('typescript');
  }
}
