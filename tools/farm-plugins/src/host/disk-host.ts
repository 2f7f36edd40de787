import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fg from 'fast-glob';
import type { FarmFileHost } from '../core/state';
import { pluginsDir } from '../core/manifest';

/** The core's file host over the real disk, for executors, the graph plugin and the CLI. */
export function diskHost(workspaceRoot: string): FarmFileHost {
  return {
    read(path) {
      try {
        return readFileSync(join(workspaceRoot, path), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    listManifests() {
      return fg.sync(`${pluginsDir}/*/plugin.json`, { cwd: workspaceRoot }).sort();
    },
  };
}
