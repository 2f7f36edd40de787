import type { FarmFileHost } from '../../state';

/** The core's file host over an in-memory workspace (path → text). */
export function memoryHost(files: ReadonlyMap<string, string>): FarmFileHost {
  return {
    read: (path) => files.get(path) ?? null,
    listManifests: () => [...files.keys()].filter((f) => /^libs\/plugins\/[^/]+\/plugin\.json$/.test(f)).sort(),
  };
}
