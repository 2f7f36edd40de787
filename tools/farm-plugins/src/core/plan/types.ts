import type { FarmEnvironment, IndexDefinition } from '../manifest';

/** Where a contribution comes from; `ref` locates it for error messages. */
export interface PlanOrigin {
  plugin: string;
  /** Workspace-relative manifest path and JSON pointer of the entry. */
  file: string;
  pointer: string;
}

/** A manifest entry that names code: an export of a plugin source file. */
export interface PlannedSymbol extends PlanOrigin {
  /** The manifest key: a name within the plugin (and the registered name: task, component, AI …). */
  name: string;
  /** The module attribute: the entry's `export`, else the key (a component: `default`). */
  export: string;
  /** Workspace-relative source file, extension included. */
  source: string;
  /** Python: `farm_plugins.<alias>.<dotted path>`; TypeScript: unused. */
  module: string;
  /** The local generated code binds it to, injective over (plugin, kind, key): see localName. */
  local: string;
}

export interface PlannedPlugin {
  name: string;
  projectName: string;
  pythonAlias: string;
  root: string;
  config: Record<string, unknown>;
  hasPythonCode: boolean;
}

export interface PlannedRoute extends PlanOrigin {
  path: string;
  component: string;
  source: string;
  /** The export of `source` that is the route's component: the declared component's, else `default`. */
  export: string;
}

export interface PlannedMiddleware extends PlannedSymbol {
  order: number;
  /** Empty: app-wide. Otherwise the middleware runs only under these path prefixes. */
  paths: string[];
  methods: string[];
}

/**
 * What each host app must wire, one slot per integration kind (core/kinds). The slots of the
 * kinds that came first are declared here; a kind added later declares its slot in its own module
 * by augmenting FrontendPlan / BackendPlan / AIPlan (docs/architecture.md, "Adding an integration
 * kind"). Every slot is a list: a host that does not consume a kind leaves it empty.
 */
export interface IntegrationPlan {
  environment: FarmEnvironment;
  /** Active plugins, dependencies first. */
  plugins: PlannedPlugin[];
  frontend: FrontendPlan;
  backend: BackendPlan;
  ai: AIPlan;
}

export interface FrontendPlan {
  components: (PlannedSymbol & { async: boolean })[];
  /** A hook's dependencies come before it. */
  hooks: PlannedSymbol[];
  routes: PlannedRoute[];
  styles: (PlanOrigin & { source: string })[];
  /** `module`: the plugin file (workspace-relative) whose default export is the Vite plugin factory. */
  vitePlugins: (PlanOrigin & { module: string; options: unknown })[];
}

export interface BackendPlan {
  routers: (PlannedSymbol & { prefix: string; tags: string[] })[];
  /** Lowest order first (= outermost, runs first on a request). */
  middleware: PlannedMiddleware[];
  tasks: (PlannedSymbol & { schedule?: string; queue?: string })[];
  models: (PlannedSymbol & { collection?: string; indexes: IndexDefinition[] })[];
  /** The `database` section's collections (the database kind; served by the backend). */
  collections: (PlanOrigin & { name: string; indexes: IndexDefinition[] })[];
  /** pip requirement lines, one per package and specifier, sorted; origins locate each declaration. */
  requirements: {
    name: string;
    specifier: string;
    plugins: string[];
    origins: { plugin: string; file: string; pointer: string }[];
  }[];
}

export interface AIPlan {
  providers: (PlannedSymbol & { models: string[]; capabilities: string[] })[];
  models: (PlanOrigin & {
    name: string;
    provider: string;
    config: Record<string, unknown>;
    requirements: Record<string, unknown>;
  })[];
  pipelines: (PlannedSymbol & { inputTypes: string[]; outputTypes: string[] })[];
  endpoints: (PlannedSymbol & { method: string; streaming: boolean })[];
}
