import { pyLiteral, pyString } from '../../emit/shared/code-strings';
import { escapePointer as e } from '../../json';
import { sortedEntries } from '../../plan/plan-context';
import type { BackendPlan } from '../../plan/types';
import { codeEntryPaths } from '../entries';
import { pythonFiles } from '../file-names';
import type { KindModule } from '../types';
import { integrationModule } from './python-part';

/** `backend.models`: model classes registered with their collection and indexes (farm.database). */
export const modelsKind: KindModule = {
  name: 'model',
  section: 'backend',
  key: 'models',
  host: 'backend',
  codeKind: 'model',
  slot: ['backend', 'models'],
  plan({ plugins, ctx }) {
    const models: BackendPlan['models'] = [];
    for (const plugin of plugins) {
      for (const [name, m] of sortedEntries(plugin.loaded.manifest.backend?.models)) {
        const symbol = ctx.pythonSymbol(plugin, 'model', name, m, `/backend/models/${e(name)}`, {
          collection: m.collection,
          indexes: m.indexes ?? [],
        });
        if (symbol) models.push(symbol);
      }
    }
    // Model keys are names within their plugin; the collection each owns is checked with `database`'s.
    return models;
  },
  emit: {
    module: integrationModule,
    part: ({ backend: { models } }) => ({
      symbols: models,
      runtime: models.length ? [{ module: 'farm.database', name: 'register_model' }] : [],
      body: models.map(
        (m) =>
          `register_model(app, ${m.local}, collection=${m.collection === undefined ? 'None' : pyString(m.collection)}, indexes=${pyLiteral(m.indexes)})`,
      ),
    }),
  },
  paths: (manifest) => codeEntryPaths('model', '/backend/models', manifest.backend?.models),
  exportCheck: {
    code: 'FARM_E084',
    language: 'python',
    check: (facts, file, name) => facts.python.classProblem(file, name, 'model'),
  },
  files: pythonFiles,
};
