import type { Tree } from '@nx/devkit';
import { FarmError } from '../core/errors';
import { createFarmTree } from './farm-tree';

export const workspaceOf = (tree: Tree) => JSON.parse(tree.read('workspace.json', 'utf-8')!);

/** The active plugins in the Tree's workspace.json, sorted. */
export const activePlugins = (tree: Tree): string[] =>
  Object.entries(workspaceOf(tree).plugins as Record<string, { active: boolean }>)
    .filter(([, p]) => p.active)
    .map(([name]) => name)
    .sort();

/** Installs `@farm/<short>` (no code, only a manifest) into the Tree's workspace.json, needing the given plugins. */
export function installPlugin(tree: Tree, short: string, needs: string[] = [], active = true): void {
  const name = `@farm/${short}`;
  const manifest = {
    name,
    version: '1.0.0',
    description: 'test',
    author: 't',
    license: 'MIT',
    farmVersion: '^1.0.0',
    dependencies: needs.map((n) => ({ name: `@farm/${n}`, version: '^1.0.0' })),
  };
  tree.write(`libs/plugins/${short}/plugin.json`, JSON.stringify(manifest, null, 2));
  const workspace = workspaceOf(tree);
  workspace.plugins[name] = { source: { type: 'workspace', spec: `libs/plugins/${short}` }, version: '1.0.0', active };
  tree.write('workspace.json', JSON.stringify(workspace, null, 2));
}

/** a ↔ b (a cycle, both active, as after an update added the second edge), c needs a, d alone. */
export function cycleTree(): Tree {
  const tree = createFarmTree();
  installPlugin(tree, 'a', ['b']);
  installPlugin(tree, 'b', ['a']);
  installPlugin(tree, 'c', ['a']);
  installPlugin(tree, 'd');
  return tree;
}

/** A generator's refusal as [code, plugin, fix] per problem; fails when it did not refuse with a FarmError. */
export async function refusal(run: Promise<unknown>): Promise<[string, string | undefined, string | undefined][]> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof FarmError)) throw new Error(`expected a FarmError, got ${String(error)}`);
  return error.problems.map((p) => [p.code, p.plugin, p.fix]);
}
