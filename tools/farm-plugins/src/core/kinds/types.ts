import type { FarmErrorCode } from '../errors';
import type { ResolvedPlugin } from '../graph';
import type { CodeKind, FarmEnvironment, FarmPluginManifest, LoadedManifest } from '../manifest';
import type { FrontendImportKind } from '../plan/frontend-imports';
import type { PlanContext } from '../plan/plan-context';
import type { IntegrationPlan, PlannedSymbol } from '../plan/types';
import type { PythonModules } from '../analyze/python/python-exports';
import type { FarmProblem } from '../errors';

/** A host app: the Nx project whose generated code consumes some integration kinds (hosts.ts). */
export type HostName = 'frontend' | 'backend';

/** The top-level manifest sections that hold integration kinds. */
export type KindSection = 'frontend' | 'backend' | 'ai' | 'database';

/** What a kind's plan step is given: every active plugin, in resolver order. */
export interface KindPlanInput {
  plugins: readonly ResolvedPlugin[];
  ctx: PlanContext;
  byPlugin: Map<string, ResolvedPlugin>;
  environment: FarmEnvironment;
  /** The plan so far: the slots of the kinds listed before this one in the table are filled. */
  plan: IntegrationPlan;
  /** Versions of the npm packages installed for the frontend (absent: not checked). */
  installedPackages?: (name: string) => string | undefined;
}

/** Where a kind's planned entries go: `plan[section][slot]`, always a list. */
export type PlanSlot = {
  [S in keyof Omit<IntegrationPlan, 'environment' | 'plugins'>]: [S, keyof IntegrationPlan[S] & string];
}[keyof Omit<IntegrationPlan, 'environment' | 'plugins'>];

/** What the emitter is told about the generated folder. */
export interface KindEmitContext {
  /** Workspace-relative folder of the host's generated files. */
  outDir: string;
}

/** A kind's lines in a Python setup module the host assembles (integration.py, ai_config.py). */
export interface PythonPart {
  /** Plugin symbols to import, in order (one `from farm_plugins.… import … as …` each). */
  symbols: readonly PlannedSymbol[];
  /** Names from the FARM runtime package (`farm.database`, …) the body uses. */
  runtime: readonly { module: string; name: string }[];
  /** Statements of the setup function, in order. */
  body: readonly string[];
}

/**
 * A kind's emitter part: a file of its own in the host's generated folder (path relative to it;
 * the host adds the "do not edit" header), or its share of a setup module the host assembles.
 */
export type KindEmitter =
  | { file: string; contents(plan: IntegrationPlan, context: KindEmitContext): string }
  | { module: string; part(plan: IntegrationPlan): PythonPart };

/** A path the manifest declares for a kind, with the name it declares there. */
export interface KindPath {
  /** The entry's key; for a route, its component; for a style, the path. */
  name: string;
  /** The module attribute the entry names (its `export`, else the key; a component's, a route's: `default`). */
  export: string;
  /** The entry's explicit `export`, when it has one. */
  explicitExport?: string;
  path: string;
  /** JSON pointer of the entry, and of the value that holds the path. */
  pointer: string;
  pathPointer: string;
}

/**
 * What validate knows of a plugin's code when it checks exports (the analyzer's facts). The
 * script questions are asked through here so that a kind module never loads ts-morph: integrate
 * reads the kinds too, and must not pay for the compiler (docs/performance.md).
 */
export interface CodeFacts {
  /** A declared TypeScript/JavaScript file: parsed, unparseable (its syntax error is reported elsewhere), or not a script module. */
  script(file: string): 'parsed' | 'syntax-error' | 'not-a-module';
  /** Why the parsed script's export `name` is not a React component (the spec's validateComponentExport). */
  componentProblem(file: string, name?: string): string | undefined;
  /** Why the parsed script's export `name` is not a hook (validateHookExport). */
  hookProblem(file: string, name: string): string | undefined;
  python: PythonModules;
}

/** How validate checks the export a declared path names (the spec's validateComponentExport …). */
export interface KindExportCheck {
  code: FarmErrorCode;
  /** Which analyzer reads the file: TypeScript/JavaScript (ts-morph) or Python (analyzer.py). */
  language: 'script' | 'python';
  /** Why `file` has no usable `exportName`, or undefined when it has. */
  check(facts: CodeFacts, file: string, exportName: string): string | undefined;
}

/**
 * One integration kind: everything FARM does with one kind of manifest entry, in one module (the
 * way Nuxt's kit has addComponent, addServerHandler …). The table (table.ts) lists them; the
 * planner, the emitters, validate's path and export checks, the graph plugin's app edges and the
 * dev loop's affected hosts all read it. docs/architecture.md, "Adding an integration kind".
 */
export interface KindModule {
  /** Singular, as messages say it: `component`, `router`, `collection`. */
  name: string;
  /** Manifest location: `manifest[section][key]`. */
  section: KindSection;
  key: string;
  /** The host app whose generated code consumes it. */
  host: HostName;
  /** The code entries' kind (names, `export`, locals: plan/entry-names.ts), when entries name code. */
  codeKind?: CodeKind;
  /** Where the plan step's result goes; none for a kind that is only checked (npm dependencies). */
  slot?: PlanSlot;
  /** The plan step: this kind's entries of every plugin, checked. Pure; problems go to ctx. */
  plan(input: KindPlanInput): unknown[] | void;
  emit?: KindEmitter;
  /** The paths it declares, for validate (E056/E057 and the analyzer's reach). */
  paths?(manifest: FarmPluginManifest): KindPath[];
  /** How the generated frontend imports its files: checked for exact imports (FARM_E088). */
  frontendImport?: FrontendImportKind;
  /** Why a declared path can never be used (before any lexical check), e.g. a package name. */
  pathProblem?(path: string): { code: FarmErrorCode; message: string } | undefined;
  exportCheck?: KindExportCheck;
  /** Further checks of the plugin's code that its paths alone do not cover (route → page module). */
  checkCode?(loaded: LoadedManifest, facts: CodeFacts): FarmProblem[];
  /**
   * Dev loop: the names of files whose creation or deletion can change this kind's plan (integrate
   * asks whether declared files exist). Their contents are the servers' business (HMR, --reload).
   */
  files?: RegExp;
}
