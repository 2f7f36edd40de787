/**
 * A plugin's Nx project (and folder) name is its short name: `@farm/auth` → `auth`,
 * `@farm/plugin-weather` → `weather`, `farm-plugin-x` → `x`; the manifest keeps the package name.
 */
export function projectNameOf(packageName: string): string {
  const bare = packageName.replace(/^@[^/]+\//, '');
  return bare.replace(/^(farm-)?plugin-(?=.)/, '');
}

/** The Python import alias of a plugin: `ai-chat` → `ai_chat` (see docs/generated-code.md). */
export function pythonAliasOf(packageName: string): string {
  return projectNameOf(packageName)
    .replace(/[^A-Za-z0-9_]/g, '_')
    .replace(/^(?=\d)/, '_');
}

export const pluginsDir = 'libs/plugins';

export function pluginRootOf(packageName: string): string {
  return `${pluginsDir}/${projectNameOf(packageName)}`;
}
