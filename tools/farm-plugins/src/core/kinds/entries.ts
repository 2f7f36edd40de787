import { escapePointer } from '../json';
import type { FarmPluginManifest } from '../manifest';
import { exportOf, type CodeKind } from '../manifest/code-entries';
import type { KindModule, KindPath } from './types';

/** The kind's value in a manifest (`manifest[section][key]`), undefined when absent. */
export function entriesOf(manifest: FarmPluginManifest, kind: Pick<KindModule, 'section' | 'key'>): unknown {
  const section = manifest[kind.section] as Record<string, unknown> | undefined;
  return section?.[kind.key];
}

/** Whether the manifest has at least one entry of the kind (an empty map or list is none). */
export function contributesTo(manifest: FarmPluginManifest, kind: Pick<KindModule, 'section' | 'key'>): boolean {
  const value = entriesOf(manifest, kind);
  if (value === undefined || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.length > 0;
  // Asked for every plugin and kind (graph edges, plugin mounting): no key list is built.
  for (const key in value) if (Object.prototype.hasOwnProperty.call(value, key)) return true;
  return false;
}

/**
 * The paths of a map of code entries (`{ key: { path, export? } }`), in manifest order: each
 * entry's `path`, the export it names (its `export`, else exportOf's default for the kind).
 */
export function codeEntryPaths(
  kind: CodeKind,
  base: string,
  record: Record<string, { path: string; export?: string }> | undefined,
): KindPath[] {
  return Object.entries(record ?? {}).map(([name, entry]) => {
    const pointer = `${base}/${escapePointer(name)}`;
    const explicit = entry.export === undefined ? {} : { explicitExport: entry.export };
    return {
      name,
      export: exportOf(kind, name, entry),
      ...explicit,
      path: entry.path,
      pointer,
      pathPointer: `${pointer}/path`,
    };
  });
}
