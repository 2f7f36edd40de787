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

/** URL prefixes the host app answers itself: apps/backend/src/main.py's routes and FastAPI's docs pages. */
const hostPrefixes = ['/ai', '/health', '/docs', '/redoc', '/openapi.json'];

/** Whether one prefix's URLs include the other's (`/a` and `/a/b`, or equal); `''` and `/` include every URL. */
export function urlPrefixesOverlap(a: string, b: string): boolean {
  const [x, y] = [a.replace(/\/+$/, ''), b.replace(/\/+$/, '')];
  return x === y || !x || !y || x.startsWith(`${y}/`) || y.startsWith(`${x}/`);
}

/**
 * `backend.staticFiles`: a plugin's folder (its `public/`, say) served by the backend under a URL
 * prefix with Starlette's StaticFiles, which refuses paths that climb out of the folder or follow a
 * symlink out of it. The frontend reaches it through its `/api` proxy. A prefix has one owner
 * across the active plugins (FARM_E050); the folder must be inside the plugin (E056) and exist (E057).
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
    // A mount answers every URL under its prefix, ahead of what is included after it: it may not
    // reach into URLs the host or another plugin's routers answer (FARM_E104, issue 12's ownership).
    const routerPrefixes = plugins.flatMap((plugin) =>
      sortedEntries(plugin.loaded.manifest.backend?.routers)
        .map(([, router]) => ({ owner: plugin.name, prefix: router.prefix }))
        // A router without a prefix answers only its own paths, which the runtime gate compares.
        .filter((router) => router.prefix.replace(/\/+$/, '') !== ''),
    );
    return ctx
      .unique(folders, (f) => f.prefix, 'static files prefix', byPlugin)
      .filter((folder) => {
        const taken = [...hostPrefixes.map((prefix) => ({ owner: 'the host', prefix })), ...routerPrefixes].find(
          (other) => other.owner !== folder.plugin && urlPrefixesOverlap(folder.prefix, other.prefix),
        );
        if (!taken) return true;
        ctx.report(
          'FARM_E104',
          `static files prefix "${folder.prefix}" would answer URLs under "${taken.prefix || '/'}", which ${taken.owner} answers`,
          byPlugin.get(folder.plugin)!,
          `${folder.pointer}/prefix`,
          `serve the folder under a prefix of its own, e.g. "/static/${byPlugin.get(folder.plugin)!.projectName}"`,
        );
        return false;
      });
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
