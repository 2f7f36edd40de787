import { pyString } from '../../emit/shared/code-strings';
import { escapePointer as e } from '../../json';
import { sortedEntries } from '../../plan/plan-context';
import type { BackendPlan } from '../../plan/types';
import { codeEntryPaths } from '../entries';
import { pythonFiles } from '../file-names';
import type { KindModule } from '../types';
import { pyList } from '../python-code';
import { integrationModule } from './python-part';

/**
 * `backend.routers`: FastAPI APIRouters, included under their `prefix`. Several routers — of one
 * plugin or of several — may share a prefix (`/api`, or none), as FastAPI allows: what must have
 * one owner is each URL, and that is judged on the real routes by the runtime gate (FARM_E104,
 * gate-problems.ts), not guessed from prefixes here.
 */
export const routersKind: KindModule = {
  name: 'router',
  section: 'backend',
  key: 'routers',
  host: 'backend',
  codeKind: 'router',
  slot: ['backend', 'routers'],
  plan({ plugins, ctx }) {
    const routers: BackendPlan['routers'] = [];
    for (const plugin of plugins) {
      for (const [name, r] of sortedEntries(plugin.loaded.manifest.backend?.routers)) {
        const symbol = ctx.pythonSymbol(plugin, 'router', name, r, `/backend/routers/${e(name)}`, {
          prefix: r.prefix,
          tags: r.tags ?? [],
        });
        if (symbol) routers.push(symbol);
      }
    }
    // Router keys are names within their plugin (issue 12 item 3): nothing global reads them.
    return routers;
  },
  emit: {
    module: integrationModule,
    part: (plan) => ({
      symbols: plan.backend.routers,
      runtime: [],
      body: plan.backend.routers.map(
        (r) => `app.include_router(${r.local}, prefix=${pyString(r.prefix)}, tags=${pyList(r.tags)})`,
      ),
    }),
  },
  paths: (manifest) => codeEntryPaths('router', '/backend/routers', manifest.backend?.routers),
  exportCheck: {
    code: 'FARM_E082',
    language: 'python',
    check: (facts, file, name) => facts.python.routerProblem(file, name),
  },
  files: pythonFiles,
};
