/**
 * The manifest entries that name code. Within one plugin each kind is its own namespace of keys;
 * an entry's `export` is the module attribute it names (issue 12 item 3, as Nuxt's
 * `addComponent({ export })`).
 */
export type CodeKind =
  'component' | 'hook' | 'router' | 'middleware' | 'task' | 'model' | 'provider' | 'pipeline' | 'endpoint';

/** The kinds whose module is Python; the others (components, hooks) are TypeScript or JavaScript. */
export const pythonCodeKinds: ReadonlySet<CodeKind> = new Set([
  'router',
  'middleware',
  'task',
  'model',
  'provider',
  'pipeline',
  'endpoint',
]);

/**
 * The module attribute an entry names: its `export`, else its key — except a component, which is
 * the file's default export unless `export` names another (the behaviour before `export` existed).
 */
export function exportOf(kind: CodeKind, key: string, entry: { export?: string }): string {
  return entry.export ?? (kind === 'component' ? 'default' : key);
}
