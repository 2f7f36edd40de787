import { pyString } from '../../emit/shared/code-strings';
import { escapePointer as e } from '../../json';
import { sortedEntries } from '../../plan/plan-context';
import type { BackendPlan, PlanOrigin } from '../../plan/types';
import type { KindModule } from '../types';
import { integrationModule } from './python-part';

declare module '../../plan/types' {
  interface BackendPlan {
    /** Plugin folders served as static files: workspace-relative `dir`, URL `prefix`, mount `name`. */
    staticFiles: (PlanOrigin & { name: string; dir: string; prefix: string })[];
  }
}

/**
 * `backend.staticFiles`: a plugin's folder (its `public/`, say) served by the backend under a URL
 * prefix with Starlette's StaticFiles, which refuses paths that climb out of the folder or follow a
 * symlink out of it. The frontend reaches it through its `/api` proxy. A prefix has one owner
 * across the active plugins (FARM_E050), and the runtime gate refuses a mount that would answer
 * another owner's URLs (FARM_E104, gate-problems.ts); the folder must be inside the plugin (E056)
 * and exist (E057).
 */
export const staticFilesKind: KindModule = {
  name: 'static files',
  section: 'backend',
  key: 'staticFiles',
  host: 'backend',
  slot: ['backend', 'staticFiles'],
  plan({ plugins, ctx, byPlugin }) {
    const folders: BackendPlan['staticFiles'] = [];
    for (const plugin of plugins) {
      for (const [name, entry] of sortedEntries(plugin.loaded.manifest.backend?.staticFiles)) {
        const pointer = `/backend/staticFiles/${e(name)}`;
        const dir = ctx.file(plugin, entry.path, `${pointer}/path`);
        if (dir !== undefined)
          folders.push(
            ctx.origin(plugin, pointer, { name: `${plugin.projectName}:${name}`, dir, prefix: entry.prefix }),
          );
      }
    }
    // Two mounts at one prefix are refused here; a mount reaching URLs the host or another plugin
    // answers is the runtime gate's call, with the imported app's real routes (FARM_E104).
    return ctx.unique(folders, (f) => f.prefix, 'static files prefix', byPlugin);
  },
  emit: {
    module: integrationModule,
    part: ({ backend: { staticFiles } }) => ({
      symbols: [],
      runtime: staticFiles.length
        ? [
            { module: 'fastapi.staticfiles', name: 'StaticFiles' },
            { module: 'farm.plugins', name: 'workspace_root' },
          ]
        : [],
      body: staticFiles.map(
        (f) =>
          `app.mount(${pyString(f.prefix)}, StaticFiles(directory=workspace_root() / ${pyString(f.dir)}), name=${pyString(f.name)})`,
      ),
    }),
  },
  // A folder, checked on disk like every declared path: inside the plugin, no symlink out of it.
  paths: (manifest) =>
    sortedEntries(manifest.backend?.staticFiles).map(([name, entry]) => ({
      name,
      export: '',
      path: entry.path,
      pointer: `/backend/staticFiles/${e(name)}`,
      pathPointer: `/backend/staticFiles/${e(name)}/path`,
    })),
};
