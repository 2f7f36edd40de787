/**
 * The FarmPlugin interface of the spec, as data (plugin.json). Mirrors plugin.schema.json.
 * Lifecycle hooks (onInstall …) are exports of the plugin's entry module, not manifest fields.
 */
export interface FarmPluginManifest {
  name: string;
  version: string;
  description: string;
  author: string;
  license: string;
  keywords?: string[];
  farmVersion: string;
  nodeVersion?: string;
  pythonVersion?: string;
  configSchema?: PluginConfigSchema;
  defaultConfig?: Record<string, unknown>;
  frontend?: FrontendIntegration;
  backend?: BackendIntegration;
  ai?: AIIntegration;
  database?: DatabaseIntegration;
  permissions?: PluginPermissions;
  dependencies?: PluginDependency[];
  peerDependencies?: PluginDependency[];
  conflicts?: string[];
}

export interface PluginDependency {
  name: string;
  version: string;
  optional?: boolean;
  reason?: string;
}

/** A JSON Schema whose root is an object. */
export interface PluginConfigSchema {
  type: 'object';
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  [keyword: string]: unknown;
}

export type JsonSchema = { [keyword: string]: unknown };

export interface PackageDependency {
  name: string;
  version?: string;
}

export interface FrontendIntegration {
  /** `export`: the file's export that is the component, `default` unless named (Nuxt's addComponent `export`). */
  components?: Record<string, { path: string; export?: string; props?: JsonSchema; async?: boolean }>;
  /** `export`: the named export that is the hook; default: the key. */
  hooks?: Record<string, { path: string; export?: string; dependencies?: string[] }>;
  routes?: RouteDefinition[];
  styles?: string[];
  vitePlugins?: { module: string; options?: unknown }[];
  dependencies?: PackageDependency[];
}

export interface RouteDefinition {
  path: string;
  /** A component of this plugin, or a page module `pages/<component>.tsx`. */
  component: string;
  /** Explicit module for the route, relative to the plugin folder. */
  file?: string;
}

export interface MiddlewareCondition {
  path?: string;
  methods?: string[];
  environment?: FarmEnvironment[];
}

export type IndexDefinition =
  | string
  | { keys: Record<string, 1 | -1 | 'text' | 'hashed' | '2dsphere'>; unique?: boolean; sparse?: boolean; name?: string; expireAfterSeconds?: number };

/** In every entry that names code, `export` is the module-level name in the file; default: the entry's key. */
export interface BackendIntegration {
  routers?: Record<string, { path: string; export?: string; prefix: string; tags?: string[]; middleware?: string[] }>;
  middleware?: Record<string, { path: string; export?: string; order: number; conditions?: MiddlewareCondition[] }>;
  tasks?: Record<string, { path: string; export?: string; schedule?: string; queue?: string }>;
  models?: Record<string, { path: string; export?: string; collection?: string; indexes?: IndexDefinition[] }>;
  dependencies?: PackageDependency[];
}

export type AICapability = 'chat' | 'completion' | 'embedding' | 'vision' | 'audio' | 'tools' | 'streaming';

/** In every entry that names code, `export` is the module-level name in the file; default: the entry's key. */
export interface AIIntegration {
  providers?: Record<string, { path: string; export?: string; models: string[]; capabilities: AICapability[] }>;
  models?: Record<string, { provider: string; config: Record<string, unknown>; requirements: Record<string, unknown> }>;
  pipelines?: Record<string, { path: string; export?: string; inputTypes: string[]; outputTypes: string[] }>;
  endpoints?: Record<string, { path: string; export?: string; method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; streaming?: boolean }>;
}

export interface DatabaseIntegration {
  collections?: Record<string, { indexes?: IndexDefinition[]; description?: string }>;
}

export interface PluginPermissions {
  filesystem?: { read?: string[]; write?: string[] };
  network?: { external?: boolean; allowedDomains?: string[] };
  database?: { read?: boolean; write?: boolean };
  ai?: { inference?: boolean; providers?: string[] };
  env?: string[];
}

export type FarmEnvironment = 'development' | 'staging' | 'production';

/** The integration kinds a plugin contributes to, used for tags and app edges. */
export type IntegrationKind = 'frontend' | 'backend' | 'ai' | 'database';
export const integrationKinds: readonly IntegrationKind[] = ['frontend', 'backend', 'ai', 'database'];

export function contributedKinds(manifest: FarmPluginManifest): IntegrationKind[] {
  return integrationKinds.filter((kind) => {
    const section = manifest[kind];
    return section !== undefined && Object.values(section).some((v) => v !== undefined && Object.keys(v as object).length > 0);
  });
}
