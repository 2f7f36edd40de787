import type { WorkspaceReader } from '../../state';

/** The core's workspace reader over an in-memory workspace (path → text). */
export function memoryWorkspace(files: ReadonlyMap<string, string>): WorkspaceReader {
  return {
    read: (path) => files.get(path) ?? null,
    listManifests: () => [...files.keys()].filter((f) => /^libs\/plugins\/[^/]+\/plugin\.json$/.test(f)).sort(),
  };
}
