/**
 * Plugin lifecycle hooks run fenced (docs/lifecycle.md#lifecycle-hooks, docs/security.md#the-hook-fence):
 * in a child Node process under the permission model, with a timeout, their Tree operations sent
 * back and replayed by the generator; any failure or refused access is a located FARM_E130–E134.
 */
export { hookProblems, type HookCodeLocation } from './hook-problems';
export { fenceFlags, runFencedHooks } from './run-fenced-hooks';
export { applyTreeOperations, treeOperationProblems } from './tree-operations';
export type { FencedHookRequest, FencedOutcome, HookDenial, TreeChangeSnapshot, TreeOperation } from './types';
