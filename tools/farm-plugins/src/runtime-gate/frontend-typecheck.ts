import { realpathSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { problem, type FarmProblem } from '../core/errors';
import { readTextOrNull } from '../workspace-io/read-text';
import { appInclude, type AppInclude } from './app-root-files';
import type { FolderListing } from './folder-listing';
import { declaresGlobals } from './global-declarations';
import { typeCheckProgram, type NativeDiagnostic } from './typescript-session';
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
   * Who owns the other folders the app's typecheck covers (the other plugins, by package name, and
   * the app's own source, unnamed), workspace-relative: an error or the other side of a clash in
   * their files is said as theirs. Which of their files the program reads is the app's tsconfig's
   * to say (see frontendTypeProblems).
   */
  neighbours?: readonly { name?: string; root: string }[];
  /**
   * Declared npm packages the workspace has not installed yet, staged for the check
   * (stageNpmPackages): package name → absolute folder of the staged copy. The compiler sees each
   * at `node_modules/<name>` (virtualNodeModules), so an import of it is judged against its real
   * types before npm installs it for good.
   */
  npmPackages?: ReadonlyMap<string, string>;
  /** The gate's listing of the disk's folders, shared with its backend half (folder-listing.ts); default: the check's own. */
  disk?: FolderListing;
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
 * Global declarations (declaresGlobals) reach every file of the app, so the program holds, as
 * `nx run frontend:typecheck` does, every file of the app that declares some — every plugin
 * folder's and the app's own, whoever declared them (a plugin using its dependency's
 * `window.farmTheme` type-checks) — and, when the change declares globals itself or a staged npm
 * package it brings does (`declare global`, `declare module 'react-router' { … }`), the app's
 * whole: every file its tsconfig includes, so code its globals break is found. The roots are in
 * the order the app's typecheck reads them (appInclude): the first of two declarations decides
 * the type the app sees, and a clash whose second side is a `.d.ts` goes unsaid (skipLibCheck), so
 * another order would judge another app. One difference stays: a global file that another
 * folder's module imports is read by the app where that module is, and here (where that module is
 * not read) at its own place in the include order.
 *
 * Each error in a judged plugin's file is FARM_E106 at its file, line and column; one in a
 * generated line is FARM_E106 at the manifest entry that produced the line (the component, hook,
 * route or style); the compiler's message is quoted. Cost: one compiler process, ~0.3 s for the
 * DOM, React and Node types and a plugin here (TypeScript 6's JavaScript compiler took ~2.5 s),
 * plus a walk of the folders the app's include reaches and a read of each file for globals (see
 * appInclude: ~0.5 s at 1,000 plugins — 12,000 folders walked, 6,000 files read).
 */
export function frontendTypeProblems(input: FrontendTypecheckInput): FarmProblem[] {
  const root = resolve(input.workspaceRoot);
  const abs = (path: string) => join(root, path);
  const rel = (path: string) => relative(root, path).split(sep).join('/');
  const generated = new Map(input.files.map((f) => [abs(f.path), f.contents]));
  const overlay = new Map<string, string | null>([...(input.overlay ?? [])].map(([path, text]) => [abs(path), text]));
  for (const [path, text] of generated) overlay.set(path, text);
  const tsconfig = abs(input.tsconfig);
  const plugins = [...(input.plan?.plugins ?? []), ...(input.include ?? [])];
  let app: AppInclude;
  let reachable: string[];
  try {
    app = appInclude(tsconfig, overlay, input.disk);
    reachable = app.reachable();
  } catch (error) {
    return [couldNotCheck(error, input.tsconfig)];
  }
  // Listed here, not as `include` patterns: the compiler matches every file against every
  // pattern and asks this process for each folder it walks (a validate of 1,000 plugins ran for
  // minutes). A folder the app's include reaches: its files there; another (a plugin outside the
  // workspace that validate checks): its .ts/.tsx files, as `add` would bring them.
  const filesOf = (folder: string) => {
    const listed = reachable.filter((file) => file.startsWith(folder + sep));
    return listed.length ? listed : typeScriptFilesOf(folder, overlay);
  };
  const included = (input.include ?? []).flatMap((p) => filesOf(abs(p.root)));
  const textOf = (file: string) => overlay.get(file) ?? readTextOrNull(file) ?? '';
  const declares = (file: string) => declaresGlobals(file, textOf(file));
  const ownFiles = new Set([...included, ...generated.keys()]);
  let judgedGlobals = included.filter(declares);
  // Every other file of the app that declares globals is read too, as `frontend:typecheck` reads
  // them all: code of the change may use one (a dependency's `window.farmTheme`), and two may
  // clash. In the app's order (appInclude): which of two declarations is read first decides the
  // type the app sees and whether a clash is said (not in a .d.ts, under skipLibCheck).
  const otherGlobals = reachable.filter((file) => !ownFiles.has(file) && declares(file));
  const modules = virtualNodeModules(
    root,
    plugins.map((p) => abs(p.root)),
    input.npmPackages ?? new Map(),
  );
  const changeRoots = [...generatedRoots(input.files, abs), ...included];
  const check = (roots: readonly string[]) =>
    typeCheckProgram({ workspaceRoot: root, tsconfig, roots, overlay, modules });
  const reached = new Set(reachable);
  // Globals reach every file of the app's program: when the change declares some, the program is
  // the app's whole (every plugin folder, the app's source), as `frontend:typecheck` reads it.
  const wholeApp = () => withOutside(app.all(), changeRoots, reached);
  const globalsAndChange = () => withOutside(app.inOrder([...otherGlobals, ...changeRoots]), changeRoots, reached);
  let diagnostics: NativeDiagnostic[];
  try {
    let result = check(judgedGlobals.length ? wholeApp() : globalsAndChange());
    // A staged npm package's declarations may declare globals or augment a module the app's code
    // uses (`declare module 'react-router'`): the change's globals too, once its program read them.
    const packageGlobals = judgedGlobals.length ? [] : stagedGlobals(result.sourceFiles);
    if (packageGlobals.length) {
      judgedGlobals = packageGlobals;
      result = check(wholeApp());
    }
    diagnostics = result.diagnostics;
  } catch (error) {
    // The compiler died or refused the session: the change cannot be judged, so it is not made.
    return [couldNotCheck(error, input.tsconfig)];
  }

  const owners = [...plugins, ...(input.neighbours ?? [])].map((p) => ({ name: p.name, folder: `${p.root}/` }));
  const ownerOf = (file: string) => owners.find((o) => file.startsWith(o.folder));
  const judged = input.judged ?? (() => true);
  const problems: FarmProblem[] = [];
  const seen = new Set<string>();
  // Errors in the files the change does not bring, not clashes it is named in: its globals may
  // have caused them, or they may be the workspace's already (judged below against the same
  // program without the change).
  const elsewhere: { diagnostic: NativeDiagnostic; file: string; line: number; column: number }[] = [];
  for (const diagnostic of diagnostics) {
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
      const side = otherSide(diagnostic, (name) => !judged(name), true);
      const also = side ? ` (also declared at ${side.file}:${side.line}, by ${side.plugin})` : '';
      found(problem('FARM_E106', `${message}${also}`, { plugin: owner.name, file, line, column }), message);
      continue;
    }
    // Found in a file the change does not bring (another plugin's global declarations, the app's
    // own): it counts when it names a judged plugin's declaration as the other side of the clash.
    const side = otherSide(diagnostic, (name) => judged(name));
    if (side) {
      found(
        problem('FARM_E106', `${message} (at ${file}:${line}, declared by ${owner?.name ?? 'the frontend app'})`, {
          plugin: side.plugin,
          file: side.file,
          line: side.line,
          column: side.column,
        }),
        message,
      );
    } else if (judgedGlobals.length) elsewhere.push({ diagnostic, file, line, column });
  }
  if (elsewhere.length) brokenElsewhere();
  return problems;

  /**
   * The first place in a diagnostic's related information (the other declaration of a clash:
   * "'x' was also declared here") whose owner `wanted` accepts — a plugin by name, or the app's
   * own source when `app` is set — with its plugin (or "the frontend app"), file, line and column.
   */
  function otherSide(diagnostic: NativeDiagnostic, wanted: (plugin: string) => boolean, app = false) {
    for (const related of diagnostic.relatedInformation ?? []) {
      if (related.fileName === undefined) continue;
      const file = rel(related.fileName);
      const owner = ownerOf(file);
      const plugin = owner?.name ?? (app && owner ? 'the frontend app' : undefined);
      if (plugin === undefined || (owner?.name !== undefined && !wanted(owner.name))) continue;
      return { plugin, file, ...lineAndColumn(textOf(related.fileName), related.pos) };
    }
    return undefined;
  }

  /**
   * The errors `elsewhere` that the program without the change does not have (the workspace's own,
   * a second check of every file but the change's, from the disk) are the change's globals'
   * doing: each is FARM_E106 at the first judged file that declares globals, quoting it.
   */
  function brokenElsewhere(): void {
    let baseline: NativeDiagnostic[];
    try {
      const before = appInclude(tsconfig, new Map(), input.disk)
        .all()
        .filter((file) => !ownFiles.has(file));
      baseline = typeCheckProgram({
        workspaceRoot: root,
        tsconfig,
        roots: before,
        overlay: new Map(),
        modules,
      }).diagnostics;
    } catch (error) {
      found(couldNotCheck(error, input.tsconfig));
      return;
    }
    const key = (d: NativeDiagnostic) => `${d.fileName}:${d.pos}:${d.code}:${d.text}`;
    const already = new Set(baseline.map(key));
    const culprit = judgedGlobals[0]!;
    const declaredBy = npmDeclaration(culprit);
    const at = declaredBy ?? { plugin: ownerOf(rel(culprit))?.name, file: rel(culprit) };
    const its = declaredBy ? `npm package ${declaredBy.name} (${rel(culprit)})` : 'its global declarations';
    for (const { diagnostic, file, line, column } of elsewhere) {
      if (already.has(key(diagnostic))) continue;
      found(
        problem(
          'FARM_E106',
          `${its} break ${ownerOf(file)?.name ?? 'the frontend app'}'s code at ${file}:${line}:${column}: TS${diagnostic.code}: ${flattenMessage(diagnostic)}`,
          {
            plugin: at.plugin,
            file: at.file,
            pointer: declaredBy?.pointer,
            fix: declaredBy
              ? `declare another version of ${declaredBy.name} (or another package) whose types leave the app's code type-checking`
              : 'declare these globals so that the code which uses them still type-checks (or keep them in a module)',
          },
        ),
      );
    }
  }

  /**
   * The files of the staged npm packages (`input.npmPackages`) that `sourceFiles` (a program's)
   * holds and that declare globals or augment a module (declaresGlobals).
   */
  function stagedGlobals(sourceFiles: readonly string[]): string[] {
    if (!input.npmPackages?.size) return [];
    const folders = [...input.npmPackages.values()].map((folder) => realpathOrSelf(folder) + sep);
    return sourceFiles.filter((file) => folders.some((folder) => file.startsWith(folder)) && declares(file));
  }

  /**
   * Which staged package a file is in, and where a plugin of the program declares it (its
   * plugin.json's `/frontend/dependencies/<i>`); undefined for any other file.
   */
  function npmDeclaration(file: string): { name: string; plugin: string; file: string; pointer: string } | undefined {
    const name = [...(input.npmPackages ?? [])].find(([, folder]) =>
      file.startsWith(realpathOrSelf(folder) + sep),
    )?.[0];
    if (name === undefined) return undefined;
    for (const p of plugins) {
      const manifest = `${p.root}/plugin.json`;
      const index = npmDependencyNames(textOf(abs(manifest))).indexOf(name);
      if (index >= 0 && p.name !== undefined)
        return { name, plugin: p.name, file: manifest, pointer: `/frontend/dependencies/${index}` };
    }
    return undefined;
  }

  /** Keeps one problem per place and compiler message (`said`: the message without where else it was seen). */
  function found(next: FarmProblem, said = next.message): void {
    const key = `${next.file}:${next.line}:${next.column}:${next.pointer}:${said}`;
    if (!seen.has(key) && seen.add(key)) problems.push(next);
  }
}

/** The names in a plugin.json's `frontend.dependencies`, by index ([] when it does not parse: its own check says so). */
function npmDependencyNames(manifest: string): unknown[] {
  try {
    const dependencies: unknown = JSON.parse(manifest).frontend?.dependencies;
    return Array.isArray(dependencies) ? dependencies.map((d) => (d as { name?: unknown } | null)?.name) : [];
  } catch {
    return [];
  }
}

/**
 * The roots of a program: `listed` (the app's include's, in its order), then those of `roots`
 * that the include cannot reach (`reached`: the files under its folders) — a plugin outside the
 * workspace that validate checks — as given. A file the include reaches but does not list (an
 * `a.d.ts` beside an `a.ts`, an excluded one) is not a root of the app's program, nor here.
 */
function withOutside(listed: readonly string[], roots: readonly string[], reached: ReadonlySet<string>): string[] {
  const seen = new Set(listed);
  return [...listed, ...roots.filter((file) => !seen.has(file) && !reached.has(file))];
}

function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** The generated indexes the compiler reads as roots: the TypeScript ones, as absolute paths. */
function generatedRoots(files: readonly GeneratedFile[], abs: (path: string) => string): string[] {
  return files.filter((f) => /\.tsx?$/.test(f.path)).map((f) => abs(f.path));
}

/** FARM_E106 "could not check": the compiler died or did not open the project (`error`, its reason). */
function couldNotCheck(error: unknown, tsconfig: string): FarmProblem {
  return problem('FARM_E106', `TypeScript 7 could not check the frontend: ${(error as Error).message}`, {
    file: tsconfig,
    fix: 'run the command again; if it fails again, `nx run frontend:typecheck` shows the compiler’s own error',
  });
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
