import { pyLiteral, pyString } from '../../emit/shared/code-strings';
import { escapePointer as e } from '../../json';
import { sortedEntries } from '../../plan/plan-context';
import type { BackendPlan } from '../../plan/types';
import { integrationModule } from '../backend/python-part';
import type { KindModule } from '../types';

/**
 * `database.collections`: collections a plugin owns without a model class, registered with their
 * indexes (farm.database). A collection has one owner, whether a model or this section names it.
 */
export const collectionsKind: KindModule = {
  name: 'collection',
  section: 'database',
  key: 'collections',
  host: 'backend',
  slot: ['backend', 'collections'],
  plan({ plugins, ctx, byPlugin, plan }) {
    const collections: BackendPlan['collections'] = [];
    for (const plugin of plugins) {
      for (const [name, c] of sortedEntries(plugin.loaded.manifest.database?.collections)) {
        collections.push(ctx.origin(plugin, `/database/collections/${e(name)}`, { name, indexes: c.indexes ?? [] }));
      }
    }
    // A model without `collection` gets register_model's default, the class name lowercased + "s"
    // (the exported name stands for the class name: an alias of a differently named class is not seen).
    const modelCollections = plan.backend.models.map((m) => ({
      plugin: m.plugin,
      file: m.file,
      pointer: m.pointer,
      name: m.collection ?? `${m.export.toLowerCase()}s`,
    }));
    ctx.unique([...modelCollections, ...collections], (c) => c.name, 'collection', byPlugin);
    return collections;
  },
  emit: {
    module: integrationModule,
    part: ({ backend: { collections } }) => ({
      symbols: [],
      runtime: collections.length ? [{ module: 'farm.database', name: 'register_collection' }] : [],
      body: collections.map((c) => `register_collection(app, ${pyString(c.name)}, indexes=${pyLiteral(c.indexes)})`),
    }),
  },
};
