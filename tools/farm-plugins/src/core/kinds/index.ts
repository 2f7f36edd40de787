export { contributesTo, entriesOf } from './entries';
export { emitHost } from './emit-host';
export {
  hostProjectOf,
  hostProjectsOf,
  integrateExecutor,
  type HostProject,
  type ProjectTargets,
} from './host-projects';
export { hostNames, hostOutDir, hostTable, isHostName, type HostDefinition } from './hosts';
export { pageModule, routesToPage } from './frontend/routes';
export { kindsOf, kindTable } from './table';
export type * from './types';
