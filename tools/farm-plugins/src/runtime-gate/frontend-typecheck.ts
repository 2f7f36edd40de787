import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { problem, type FarmProblem } from '../core/errors';
import { readTextOrNull } from '../workspace-io/read-text';
import { compilerInOwnSession } from './compiler-in-own-session';
import { declaresGlobals } from './global-declarations';
import { entriesOf, virtualNodeModules } from './virtual-node-modules';
import type { GeneratedFile } from '../core/emit/shared';
import type { IntegrationPlan, PlanOrigin } from '../core/plan';

/** What the type-check reads: the candidate's generated files over the workspace (or a Tree's view of it). */
export interface FrontendTypecheckInput {
  workspaceRoot: string;
  /** Workspace-relative tsconfig of the frontend app (its compilerOptions are the check's). */
  tsconfig: string;
  /** The candidate's generated indexes (workspace-relative paths): the program's roots. */
  files: readonly GeneratedFile[];
  /** The candidate's plan (undefined: nothing wired, only `include`'s folders checked). */
  plan?: IntegrationPlan;
  /**
   * The files the change touches (a generator's Tree), by workspace-relative path: their text, or
   * null when the change deletes them. The disk answers for the rest.
   */
  overlay?: ReadonlyMap<string, string | null>;
  /** Whose errors count (a plugin's package name): the plugins the change or the validate is about. Default: all. */
  judged?: (plugin: string) => boolean;
  /**
   * Plugins (package name, workspace-relative folder) whose every `.ts`/`.tsx` file is checked
   * too, imported or not, as the app's tsconfig includes `libs/plugins/**` (its `typecheck`
   * target reads them all, active or not).
   */
  include?: readonly { name: string; root: string }[];
  /**
   * The other folders the app's typecheck covers (the other plugins, by package name, and the
   * app's own source, unnamed), workspace-relative: when a file of `include` declares globals
   * (declaresGlobals), their files that do too join the program, first, so a clash between two
   * plugins' globals (a `declare global` property of two types, one `const` in two scripts) is
   * found at the change's side, as `nx run frontend:typecheck` would find it. Not read otherwise.
   */
  neighbours?: readonly { name?: string; root: string }[];
  /**
   * Declared npm packages the workspace has not installed yet, staged for the check
   * (stageNpmPackages): package name → absolute folder of the staged copy. The compiler sees each
   * at `node_modules/<name>` (virtualNodeModules), so an import of it is judged against its real
   * types before npm installs it for good.
   */
  npmPackages?: ReadonlyMap<string, string>;
}

/**
 * Issue 12's frontend gate: a TypeScript program over the candidate's generated indexes and the
 * plugin files they reach, with the frontend app's own compilerOptions (its tsconfig: bundler
 * resolution, allowImportingTsExtensions, strict …) plus skipLibCheck, type-checked by TypeScript 7
 * (the native compiler the app's `typecheck` target runs; see typescriptApi). The compiler reads
 * through a virtual file system: the generated files and the overlay first, then the disk, so
 * nothing is written to check — its tsconfig too is virtual (the app's, extended, with the
 * candidate's indexes as its only roots).
 *
 * The workspace's node_modules is seen as the change leaves it (virtualNodeModules): declared
 * npm packages not installed yet, staged by the caller (`npmPackages`), are at
 * `node_modules/<name>`, so an import of one is judged against its real types, like any other.
 *
 * Each error in a judged plugin's file is FARM_E106 at its file, line and column; one in a
 * generated line is FARM_E106 at the manifest entry that produced the line (the component, hook,
 * route or style); the compiler's message is quoted. Cost: one compiler process, ~0.3 s for the
 * DOM, React and Node types and a plugin here (TypeScript 6's JavaScript compiler took ~2.5 s).
 */
export function frontendTypeProblems(input: FrontendTypecheckInput): FarmProblem[] {
  const root = resolve(input.workspaceRoot);
  const abs = (path: string) => join(root, path);
  const rel = (path: string) => relative(root, path).split(sep).join('/');
  const generated = new Map(input.files.map((f) => [abs(f.path), f.contents]));
  const overlay = new Map<string, string | null>([...(input.overlay ?? [])].map(([path, text]) => [abs(path), text]));
  for (const [path, text] of generated) overlay.set(path, text);
  const tsconfig = abs(input.tsconfig);
  const gateConfig = join(dirname(tsconfig), gateConfigName);
  const plugins = [...(input.plan?.plugins ?? []), ...(input.include ?? [])];
  // Listed here, not as `include` patterns: the compiler matches every file against every
  // pattern and asks this process for each folder it walks (a validate of 1,000 plugins ran for minutes).
  const included = (input.include ?? []).flatMap((p) => typeScriptFilesOf(abs(p.root), overlay));
  const textOf = (file: string) => overlay.get(file) ?? readTextOrNull(file) ?? '';
  const globalFiles = (files: readonly string[]) => files.filter((file) => declaresGlobals(file, textOf(file)));
  const judgedGlobals = globalFiles(included);
  const neighbours = judgedGlobals.length ? (input.neighbours ?? []) : [];
  const metGlobals = globalFiles(neighbours.flatMap((n) => typeScriptFilesOf(abs(n.root), overlay)));
  // Declaration files first, then the others' scripts before the change's: the app's typecheck
  // (skipLibCheck) says nothing in a .d.ts, so a clash of a .d.ts and a .ts is said at the .ts
  // only when the compiler reads the .ts second — an order a renamed folder or a new plugin
  // changes. Read so, every clash some order would show is shown, at the change's side or
  // naming it (relatedInformation below).
  const globalRoots = [...metGlobals, ...judgedGlobals].sort(
    (a, b) => Number(!isDeclaration(a)) - Number(!isDeclaration(b)),
  );
  overlay.set(gateConfig, gateTsconfig(tsconfig, [...globalRoots, ...generatedRoots(input.files, abs), ...included]));
  // Folders that hold a file only the change has (a plugin add brings): module resolution asks for them.
  const folders = new Set<string>();
  for (const [path, text] of overlay)
    for (let dir = dirname(path); text !== null && dir.length > root.length && !folders.has(dir); dir = dirname(dir))
      folders.add(dir);

  const modules = virtualNodeModules(
    root,
    plugins.map((p) => abs(p.root)),
    input.npmPackages ?? new Map(),
  );

  const { ts, compiler } = typescriptApi(root);
  // In a session of its own: the terminal's Ctrl-C would make it print a Go panic trace.
  const launcher = compilerInOwnSession(compiler);
  // Each callback answers for the overlay (and the virtual node_modules) and leaves the rest to
  // the disk: undefined = "ask the real file system".
  const api = withCleanup(
    launcher.remove,
    () =>
      new ts.API({
        tsserverPath: launcher.path,
        cwd: root,
        fs: {
          readFile: (path) => {
            const over = overlay.get(path);
            return over !== undefined ? over : modules.readFile(path);
          },
          fileExists: (path) => (overlay.has(path) ? overlay.get(path) !== null : modules.fileExists(path)),
          directoryExists: (path) => (folders.has(path) ? true : modules.directoryExists(path)),
          realpath: (path) => (overlay.has(path) || folders.has(path) ? path : modules.realpath(path)),
          getAccessibleEntries: (path) => modules.getAccessibleEntries(path),
        },
      }),
  );
  let diagnostics: NativeDiagnostic[];
  let snapshot: NativeSnapshot | undefined;
  try {
    snapshot = api.updateSnapshot({ openProjects: [gateConfig] });
    const program = snapshot.getProject(gateConfig)?.program;
    if (!program) throw new Error(`it did not open ${rel(gateConfig)} (extending ${input.tsconfig})`);
    diagnostics = [
      ...program.getProgramDiagnostics(),
      ...program.getSyntacticDiagnostics(),
      ...program.getSemanticDiagnostics(),
    ];
  } catch (error) {
    // The compiler died or refused the session: the change cannot be judged, so it is not made.
    return [
      problem('FARM_E106', `TypeScript 7 could not check the frontend: ${(error as Error).message}`, {
        file: input.tsconfig,
        fix: 'run the command again; if it fails again, `nx run frontend:typecheck` shows the compiler’s own error',
      }),
    ];
  } finally {
    endCompiler(api, snapshot);
    launcher.remove();
  }

  const owners = [...plugins, ...neighbours].map((p) => ({ name: p.name, folder: `${p.root}/` }));
  const ownerOf = (file: string) => owners.find((o) => file.startsWith(o.folder));
  const judged = input.judged ?? (() => true);
  const problems: FarmProblem[] = [];
  const seen = new Set<string>();
  for (const diagnostic of diagnostics) {
    if (diagnostic.category !== ts.DiagnosticCategory.Error) continue;
    const message = `the frontend does not type-check: TS${diagnostic.code}: ${flattenMessage(diagnostic)}`;
    if (!diagnostic.fileName) {
      // The app's tsconfig itself (an option TypeScript 7 no longer takes): nobody's plugin, said as is.
      found(problem('FARM_E106', message, { file: input.tsconfig }));
      continue;
    }
    const file = rel(diagnostic.fileName);
    const text = textOf(diagnostic.fileName);
    const { line, column } = lineAndColumn(text, diagnostic.pos);
    if (generated.has(diagnostic.fileName)) {
      const source = text.split('\n')[line - 1] ?? '';
      const origin = input.plan && generatedOrigin(source, input.plan);
      if (origin && judged(origin.plugin))
        found(
          problem('FARM_E106', `${message} (at ${file}:${line}: ${source.trim()})`, {
            plugin: origin.plugin,
            file: origin.file,
            pointer: origin.pointer,
          }),
          message,
        );
      else if (!origin) found(problem('FARM_E106', message, { file, line, column }));
      continue;
    }
    const owner = ownerOf(file);
    if (owner?.name !== undefined && judged(owner.name)) {
      found(problem('FARM_E106', message, { plugin: owner.name, file, line, column }));
      continue;
    }
    // Found in a file the change does not bring (another plugin's global declarations, the app's
    // own): it counts when it names a judged plugin's declaration as the other side of the clash.
    for (const related of diagnostic.relatedInformation ?? []) {
      const relatedFile = related.fileName === undefined ? undefined : rel(related.fileName);
      const relatedOwner = relatedFile === undefined ? undefined : ownerOf(relatedFile);
      if (relatedOwner?.name === undefined || !judged(relatedOwner.name)) continue;
      const at = lineAndColumn(textOf(related.fileName!), related.pos);
      const where = owner?.name ?? 'the frontend app';
      found(
        problem('FARM_E106', `${message} (at ${file}:${line}, declared by ${where})`, {
          plugin: relatedOwner.name,
          file: relatedFile,
          ...at,
        }),
        message,
      );
      break;
    }
  }
  return problems;

  /** Keeps one problem per place and compiler message (`said`: the message without where else it was seen). */
  function found(next: FarmProblem, said = next.message): void {
    const key = `${next.file}:${next.line}:${next.column}:${next.pointer}:${said}`;
    if (!seen.has(key) && seen.add(key)) problems.push(next);
  }
}

/** `make()`, or `cleanup()` and its error when it throws. */
function withCleanup<T>(cleanup: () => void, make: () => T): T {
  try {
    return make();
  } catch (error) {
    cleanup();
    throw error;
  }
}

/**
 * Ends the session: the snapshot released (a request the compiler answers), then its process
 * (the launcher of compilerInOwnSession, whose compiler then exits as its input closes) killed
 * with SIGKILL, then the API closed. The API's own `close()` sends SIGTERM, on which the
 * compiler prints "context canceled" to the user's terminal about one time in four (its stderr is
 * ours); a process that cannot catch the signal prints nothing, and it holds nothing to save (it
 * only read). Without the process where the pinned 7.0.2 keeps it, the API's own close().
 */
function endCompiler(api: { close(): void }, snapshot: NativeSnapshot | undefined): void {
  try {
    snapshot?.dispose();
  } catch {
    // The diagnostics are read: a compiler already gone (EOF) has nothing left to release.
  }
  (api as { client?: { channel?: { child?: ChildProcess } } }).client?.channel?.child?.kill('SIGKILL');
  api.close();
}

/** The virtual tsconfig's name, beside the app's (so its relative paths mean what the app's mean). */
const gateConfigName = 'tsconfig.farm-runtime-gate.json';

/**
 * The app's tsconfig, extended: `files` (absolute paths, in the order the compiler is to read
 * them) as the only roots, nothing emitted.
 */
function gateTsconfig(tsconfig: string, files: readonly string[]): string {
  return JSON.stringify({
    extends: `./${basename(tsconfig)}`,
    files,
    include: [],
    compilerOptions: { noEmit: true, skipLibCheck: true, incremental: false, composite: false },
  });
}

/** A declaration file (`.d.ts`, `.d.mts`, `.d.cts`, `.d.<ext>.ts`): what skipLibCheck leaves unchecked. */
function isDeclaration(path: string): boolean {
  return /\.d\.([^/\\]+\.)?[mc]?ts$/.test(path);
}

/** The generated indexes the compiler reads as roots: the TypeScript ones, as absolute paths. */
function generatedRoots(files: readonly GeneratedFile[], abs: (path: string) => string): string[] {
  return files.filter((f) => /\.tsx?$/.test(f.path)).map((f) => abs(f.path));
}

/**
 * The `.ts`/`.tsx` files under a plugin folder (absolute paths) as the change leaves it — the
 * disk's with the overlay's added and its deletions taken away — without node_modules, as the
 * app's tsconfig includes `libs/plugins/**\/*.ts(x)` and excludes their node_modules.
 */
function typeScriptFilesOf(folder: string, overlay: ReadonlyMap<string, string | null>): string[] {
  const found = new Set<string>();
  const walk = (dir: string) => {
    const entries = entriesOf(dir);
    for (const entry of entries?.directories ?? []) if (entry !== 'node_modules') walk(join(dir, entry));
    for (const entry of entries?.files ?? []) found.add(join(dir, entry));
  };
  walk(folder);
  for (const [path, text] of overlay) {
    if (!path.startsWith(folder + sep) || path.includes(`${sep}node_modules${sep}`)) continue;
    if (text === null) found.delete(path);
    else found.add(path);
  }
  return [...found].filter((path) => /\.tsx?$/.test(path)).sort();
}

/** 1-based line and column of a UTF-16 offset (the API's positions are JavaScript string offsets). */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

/** The message and its chain, indented as tsc prints a chain (two spaces a level). */
function flattenMessage(diagnostic: NativeDiagnostic, depth = 0): string {
  const own = `${'  '.repeat(depth)}${diagnostic.text}`;
  return [own, ...(diagnostic.messageChain ?? []).map((next) => flattenMessage(next, depth + 1))].join('\n');
}

/**
 * The plugins whose wiring a change of the generated frontend adds or alters: the owners
 * (generatedOrigin) of each line in `next` that `previous` (the files on disk, null when absent)
 * did not have. The dev loop judges those, as a generator judges the plugins its change brings.
 */
export function pluginsWithChangedLines(
  previous: ReadonlyMap<string, string | null>,
  next: readonly GeneratedFile[],
  plan: IntegrationPlan,
): Set<string> {
  const owners = new Set<string>();
  for (const file of next) {
    const old = new Set((previous.get(file.path) ?? '').split('\n'));
    for (const line of file.contents.split('\n')) {
      if (old.has(line)) continue;
      const origin = generatedOrigin(line, plan);
      if (origin) owners.add(origin.plugin);
    }
  }
  return owners;
}

/** The plan entry a generated line wires: a component or hook by its local name, a route or style by its file. */
function generatedOrigin(line: string, plan: IntegrationPlan): PlanOrigin | undefined {
  const { components, hooks, routes, styles } = plan.frontend;
  return (
    [...components, ...hooks].find((entry) => new RegExp(`\\b${entry.local}\\b`).test(line)) ??
    [...routes, ...styles].find((entry) => line.includes(`/${entry.source}"`) || line.includes(`/${entry.source}'`))
  );
}

/**
 * What this module uses of TypeScript 7's API (`typescript/unstable/sync`: the native compiler in
 * a child process, driven synchronously): a local shape, since the API is marked unstable and the
 * version is pinned (tools/farm-plugins/package.json).
 */
interface NativeDiagnostic {
  fileName?: string;
  pos: number;
  code: number;
  category: number;
  text: string;
  messageChain?: readonly NativeDiagnostic[];
  relatedInformation?: readonly NativeDiagnostic[];
}
interface NativeProgram {
  getProgramDiagnostics(): readonly NativeDiagnostic[];
  getSyntacticDiagnostics(): readonly NativeDiagnostic[];
  getSemanticDiagnostics(): readonly NativeDiagnostic[];
}
interface NativeSnapshot {
  getProject(configFileName: string): { program: NativeProgram } | undefined;
  dispose(): void;
}
interface NativeTypescript {
  API: new (options: {
    tsserverPath: string;
    cwd: string;
    fs: {
      readFile(path: string): string | null | undefined;
      fileExists(path: string): boolean | undefined;
      directoryExists(path: string): boolean | undefined;
      realpath(path: string): string | undefined;
      getAccessibleEntries(path: string): { files: string[]; directories: string[] } | undefined;
    };
  }) => {
    updateSnapshot(params: { openProjects: string[] }): NativeSnapshot;
    close(): void;
  };
  DiagnosticCategory: { Error: number };
}

/**
 * TypeScript 7's API: the workspace's own `typescript` when it is 7 or later, else the
 * `typescript-7` the workspace (or this tool) installs beside TypeScript 6 — 6 stays `typescript`
 * for the tools that need its JavaScript API (typescript-eslint, the build executor's emit).
 * Loaded with Node's own require (an ES module, which Node ≥ 20.19 requires; a test runner's
 * module registry may not).
 */
function typescriptApi(workspaceRoot: string): { ts: NativeTypescript; compiler: string } {
  const requirers = [createRequire(join(workspaceRoot, 'package.json')), createRequire(__filename)];
  for (const requireFrom of requirers)
    for (const name of ['typescript', 'typescript-7']) {
      let entry: string;
      try {
        entry = requireFrom.resolve(`${name}/unstable/sync`);
      } catch {
        continue; // TypeScript 6 has no such entry point; the next candidate may.
      }
      return { ts: requireFrom(entry), compiler: nativeCompiler(entry) };
    }
  throw new Error('TypeScript 7 is not installed: npm install (tools/farm-plugins depends on typescript-7)');
}

/**
 * The native compiler the API drives: the platform package TypeScript 7 installs beside itself
 * (`@typescript/typescript-<platform>-<arch>/lib/tsc`, as its lib/getExePath.js finds it). Passed
 * explicitly because that lookup relies on `import.meta.resolve`, which a test runner's module
 * registry does not give.
 */
function nativeCompiler(apiEntry: string): string {
  const platformPackage = `@typescript/typescript-${process.platform}-${process.arch}/package.json`;
  const folder = dirname(createRequire(apiEntry).resolve(platformPackage));
  return join(folder, 'lib', process.platform === 'win32' ? 'tsc.exe' : 'tsc');
}
