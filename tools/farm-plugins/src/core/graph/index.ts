export { closestName } from './closest-name';
export { findDependents, findDependentsClosure } from './find-dependents';
export { findCycles } from './find-cycles';
export {
  dependencyNames,
  resolvePluginGraph,
  type ResolvedPlugin,
  type ResolvedPluginGraph,
  type ResolverInput,
  type Runtimes,
} from './resolve-plugin-graph';
export { satisfiesRange } from './satisfies-range';
export { topologicalOrder } from './topological-order';
