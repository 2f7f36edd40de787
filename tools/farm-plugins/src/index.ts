/**
 * @farm/plugins — the Nx plugin. Registered in nx.json "plugins"; it infers a project for every
 * libs/plugins/<name>/plugin.json, the inputs of every host app's integrate target, and turns
 * manifest dependencies into graph edges.
 */
import { createDependencies } from './graph-plugin/create-dependencies';
import { createNodes } from './graph-plugin/create-nodes';

export const name = '@farm/plugins';
export { createDependencies, createNodes };
/** Deprecated alias Nx still reads. */
export const createNodesV2 = createNodes;
