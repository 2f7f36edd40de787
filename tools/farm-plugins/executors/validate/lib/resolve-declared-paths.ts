import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { DeclaredPathResolution } from '../../../src/core/analyze';

/** realpath of the plugin folder and of each declared file (null when missing), for the pure path check. */
export function resolveDeclaredPaths(
  workspaceRoot: string,
  pluginRoot: string,
  declared: readonly string[],
): DeclaredPathResolution {
  const real: Record<string, string | null> = {};
  for (const file of declared) real[file] = realOrNull(join(workspaceRoot, file));
  return { realRoot: realpathSync(join(workspaceRoot, pluginRoot)), real };
}

function realOrNull(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}
