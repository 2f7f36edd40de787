import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { compilerInOwnSession } from './compiler-in-own-session';
import type { VirtualNodeModules } from './virtual-node-modules';

/** One type check: the app's tsconfig's options over these roots, read through a virtual file system. */
export interface ProgramCheck {
  /** Absolute workspace root (the compiler's cwd). */
  workspaceRoot: string;
  /** Absolute path of the app's tsconfig: its compilerOptions are the check's. */
  tsconfig: string;
  /** Absolute paths of the program's roots, in the order the compiler is to read them. */
  roots: readonly string[];
  /** Absolute path → text, or null for a file the change deletes; the disk answers for the rest. */
  overlay: ReadonlyMap<string, string | null>;
  /** node_modules as the change leaves it (staged packages, outside plugin folders). */
  modules: VirtualNodeModules;
}

/** What a type check found: its errors, and the files its program read (absolute paths, realpaths of packages). */
export interface ProgramResult {
  diagnostics: NativeDiagnostic[];
  sourceFiles: readonly string[];
}

/**
 * Type-checks `check.roots` with TypeScript 7 (typescriptApi: the native compiler the app's
 * `typecheck` target runs, driven through its synchronous API) and returns the errors: program,
 * syntactic and semantic diagnostics of category Error, positions as UTF-16 offsets, and the names of the files the program read (roots, what they import,
 * TypeScript's libs). The compiler
 * reads the overlay, then the virtual node_modules, then the disk; its tsconfig is virtual too
 * (`tsconfig.farm-runtime-gate.json` beside the app's: the app's, extended, `files` = the roots,
 * nothing emitted, skipLibCheck). It runs in a session of its own (compilerInOwnSession: a
 * Ctrl-C prints one line, not a Go panic trace) and is ended whatever happens. Throws Error when
 * the compiler dies or does not open the project.
 */
export function typeCheckProgram(check: ProgramCheck): ProgramResult {
  const root = check.workspaceRoot;
  const overlay = new Map(check.overlay);
  const gateConfig = join(dirname(check.tsconfig), gateConfigName);
  overlay.set(gateConfig, gateTsconfig(check.tsconfig, check.roots));

  // Folders that hold a file only the change has (a plugin add brings): module resolution asks for them.
  const folders = new Set<string>();
  for (const [path, text] of overlay)
    for (let dir = dirname(path); text !== null && dir.length > root.length && !folders.has(dir); dir = dirname(dir))
      folders.add(dir);

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
            return over !== undefined ? over : check.modules.readFile(path);
          },
          fileExists: (path) => (overlay.has(path) ? overlay.get(path) !== null : check.modules.fileExists(path)),
          directoryExists: (path) => (folders.has(path) ? true : check.modules.directoryExists(path)),
          realpath: (path) => (overlay.has(path) || folders.has(path) ? path : check.modules.realpath(path)),
          getAccessibleEntries: (path) => check.modules.getAccessibleEntries(path),
        },
      }),
  );
  let snapshot: NativeSnapshot | undefined;
  try {
    snapshot = api.updateSnapshot({ openProjects: [gateConfig] });
    const program = snapshot.getProject(gateConfig)?.program;
    if (!program) throw new Error(`it did not open ${gateConfig} (extending ${basename(check.tsconfig)})`);
    const diagnostics = [
      ...program.getProgramDiagnostics(),
      ...program.getSyntacticDiagnostics(),
      ...program.getSemanticDiagnostics(),
    ].filter((d) => d.category === ts.DiagnosticCategory.Error);
    return { diagnostics, sourceFiles: program.getSourceFileNames() };
  } finally {
    endCompiler(api, snapshot);
    launcher.remove();
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

/**
 * What this module uses of TypeScript 7's API (`typescript/unstable/sync`: the native compiler in
 * a child process, driven synchronously): a local shape, since the API is marked unstable and the
 * version is pinned (tools/farm-plugins/package.json).
 */
export interface NativeDiagnostic {
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
  getSourceFileNames(): readonly string[];
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
