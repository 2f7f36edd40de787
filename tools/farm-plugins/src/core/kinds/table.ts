import { aiEndpointsKind } from './ai/endpoints';
import { aiModelsKind } from './ai/models';
import { aiPipelinesKind } from './ai/pipelines';
import { aiProvidersKind } from './ai/providers';
import { middlewareKind } from './backend/middleware';
import { modelsKind } from './backend/models';
import { requirementsKind } from './backend/requirements';
import { routersKind } from './backend/routers';
import { staticFilesKind } from './backend/static-files';
import { tasksKind } from './backend/tasks';
import { collectionsKind } from './database/collections';
import { componentsKind } from './frontend/components';
import { hooksKind } from './frontend/hooks';
import { npmDependenciesKind } from './frontend/npm-dependencies';
import { routesKind } from './frontend/routes';
import { stylesKind } from './frontend/styles';
import { vitePluginsKind } from './frontend/vite-plugins';
import type { HostName, KindModule } from './types';

/**
 * Every integration kind, in the order they are planned and emitted. A kind's plan step may read
 * the slots of the kinds above it (routes read components' refusals, collections read models,
 * AI models read providers); a host's files and a setup module's statements follow this order.
 */
export const kindTable: readonly KindModule[] = [
  componentsKind,
  hooksKind,
  routesKind,
  stylesKind,
  vitePluginsKind,
  npmDependenciesKind,
  middlewareKind,
  routersKind,
  modelsKind,
  collectionsKind,
  tasksKind,
  staticFilesKind,
  requirementsKind,
  aiProvidersKind,
  aiModelsKind,
  aiPipelinesKind,
  aiEndpointsKind,
];

/** The kinds whose generated code the host consumes, in table order. */
export function kindsOf(host: HostName): KindModule[] {
  return kindTable.filter((k) => k.host === host);
}
