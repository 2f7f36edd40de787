/**
 * The one catalogue of FARM error codes. Codes are stable: never renumber, only add.
 * `docs/errors.md` mirrors this table; a test keeps the two in step and the codes unique.
 */
export const errorCatalogue = {
  FARM_E001: { title: 'manifest not found', fix: 'add a plugin.json at the plugin folder root' },
  FARM_E002: { title: 'manifest is not valid JSON', fix: 'fix the JSON syntax at the position shown' },
  FARM_E003: { title: 'manifest does not match the plugin.json schema', fix: 'see docs/manifest.md' },
  FARM_E004: { title: 'manifest too large', fix: 'a plugin.json must be under 1 MiB; move data out of it' },
  FARM_E005: { title: 'configSchema is not a valid JSON Schema', fix: 'correct the schema keyword shown' },
  FARM_E006: { title: 'manifest name does not match its project', fix: 'rename the folder or the manifest so they agree' },
  FARM_E007: { title: 'two plugins share a project name', fix: 'give one of them another package name' },
  FARM_E010: { title: 'workspace.json not readable', fix: 'fix the JSON syntax at the position shown' },
  FARM_E011: { title: 'workspace.json does not match its schema', fix: 'see docs/workspace.md' },
  FARM_E012: { title: 'installed plugin has no folder', fix: 'restore libs/plugins/<name> or remove the entry from workspace.json' },
  FARM_E013: { title: 'installed version differs from the manifest', fix: 'run nx g @farm/plugins:update, or correct workspace.json' },
  FARM_E020: { title: 'dependency not installed', fix: 'nx g @farm/plugins:add <dependency>' },
  FARM_E021: { title: 'dependency version out of range', fix: 'update the dependency or relax the range' },
  FARM_E022: { title: 'peer dependency not installed', fix: 'nx g @farm/plugins:add <peer>' },
  FARM_E023: { title: 'peer dependency version out of range', fix: 'update the peer or relax the range' },
  FARM_E024: { title: 'plugins conflict', fix: 'remove or deactivate one of the two plugins' },
  FARM_E025: { title: 'dependency cycle', fix: 'break the cycle: one edge must go' },
  FARM_E026: { title: 'incompatible FARM version', fix: 'use a plugin version made for this FARM version' },
  FARM_E027: { title: 'incompatible Node.js version', fix: 'run a Node.js version in the range' },
  FARM_E028: { title: 'incompatible Python version', fix: 'run a Python version in the range' },
  FARM_E029: { title: 'plugin depends on itself', fix: 'remove the self-dependency' },
  FARM_E030: { title: 'dependency is inactive', fix: 'nx g @farm/plugins:activate <dependency>' },
  FARM_E040: { title: 'plugin config does not match its configSchema', fix: 'correct the value in workspace.json' },
  FARM_E050: { title: 'two plugins contribute the same thing', fix: 'rename one contribution or deactivate one plugin' },
  FARM_E051: { title: 'name cannot be used in generated code', fix: 'use a plain identifier that is not a keyword' },
  FARM_E052: { title: 'conflicting Python requirement pins', fix: 'agree on one version in both manifests' },
  FARM_E053: { title: 'route names an unknown component', fix: 'declare the component or add pages/<Component>.tsx' },
  FARM_E054: { title: 'npm dependency missing from the app', fix: 'npm install <package>' },
  FARM_E055: { title: 'hook dependency unknown or cyclic', fix: 'list only hooks that active plugins provide' },
  FARM_E056: { title: 'path leaves the plugin folder', fix: 'use a relative path inside the plugin, without ..' },
  FARM_E057: { title: 'declared file does not exist', fix: 'create the file or correct the path' },
  FARM_E058: { title: 'AI model names an unknown provider', fix: 'use a provider some active plugin declares' },
  FARM_E059: { title: 'router middleware is not declared', fix: 'declare it under backend.middleware of an active plugin' },
} as const satisfies Record<string, { title: string; fix: string }>;

export type FarmErrorCode = keyof typeof errorCatalogue;
