/**
 * The manifest's types under the names the code uses. They are generated from plugin.schema.json
 * (generated/plugin-manifest.ts, by scripts/precompile-schemas.js); this file only names parts of
 * them, so a schema change reaches every use and nothing is mirrored by hand (issue 15).
 * Lifecycle hooks (onInstall …) are exports of the plugin's entry module, not manifest fields.
 */
import type { ConfigSchema, Dependency, FarmPluginManifest } from './generated/plugin-manifest';

export type { FarmPluginManifest, IndexDefinition, PropsSchema } from './generated/plugin-manifest';

/** An entry of `dependencies` / `peerDependencies`: another FARM plugin and the range needed. */
export type PluginDependency = Dependency;

/** The plugin's `configSchema`: a JSON Schema whose root is an object. */
export type PluginConfigSchema = ConfigSchema;

/** Any JSON Schema object, read keyword by keyword (a configSchema's subschemas). */
export type JsonSchema = { [keyword: string]: unknown };

export type FrontendIntegration = NonNullable<FarmPluginManifest['frontend']>;
export type BackendIntegration = NonNullable<FarmPluginManifest['backend']>;
export type AIIntegration = NonNullable<FarmPluginManifest['ai']>;
export type DatabaseIntegration = NonNullable<FarmPluginManifest['database']>;
export type PluginPermissions = NonNullable<FarmPluginManifest['permissions']>;

/** A route: a component of this plugin (or a page module `pages/<component>.tsx`), or an explicit `file`. */
export type RouteDefinition = NonNullable<FrontendIntegration['routes']>[number];
/** An npm (frontend) or PyPI (backend) package the plugin needs. */
export type PackageDependency = NonNullable<
  FrontendIntegration['dependencies'] | BackendIntegration['dependencies']
>[number];
export type MiddlewareCondition = NonNullable<
  NonNullable<BackendIntegration['middleware']>[string]['conditions']
>[number];
/** The environments a middleware condition can name; workspace.json's `environment` is one of them. */
export type FarmEnvironment = NonNullable<MiddlewareCondition['environment']>[number];
export type AICapability = NonNullable<AIIntegration['providers']>[string]['capabilities'][number];

/** The integration kinds a plugin contributes to, used for tags and app edges. */
export type IntegrationKind = 'frontend' | 'backend' | 'ai' | 'database';
export const integrationKinds: readonly IntegrationKind[] = ['frontend', 'backend', 'ai', 'database'];

export function contributedKinds(manifest: FarmPluginManifest): IntegrationKind[] {
  return integrationKinds.filter((kind) => {
    const section = manifest[kind];
    return (
      section !== undefined &&
      Object.values(section).some((v) => v !== undefined && Object.keys(v as object).length > 0)
    );
  });
}
