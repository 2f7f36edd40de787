import { createFarmTree, treeFingerprint } from '../../src/testing/farm-tree';
import { cycleTree, refusal, workspaceOf } from '../../src/testing/plugin-set-trees';
import deactivateGenerator from '../deactivate/deactivate';
import removeGenerator from './remove';

describe('remove several plugins together', () => {
  it('a cycle a ↔ b: removing either alone is refused with `farm plugin uninstall a b c`, which works', async () => {
    const tree = cycleTree();
    const before = treeFingerprint(tree);
    expect(await refusal(removeGenerator(tree, { name: 'b', skipIntegrate: true }))).toEqual([
      ['FARM_E030', '@farm/b', 'farm plugin uninstall a b c (removes what depends on it too)'],
    ]);
    expect(await refusal(removeGenerator(tree, { name: 'a', _: ['b'], skipIntegrate: true }))).toEqual([
      ['FARM_E030', '@farm/a', 'farm plugin uninstall a b c (removes what depends on it too)'],
    ]);
    expect(treeFingerprint(tree)).toBe(before);
    await removeGenerator(tree, { name: 'a', _: ['b', 'c'], skipIntegrate: true });
    expect(Object.keys(workspaceOf(tree).plugins)).toEqual(['@farm/d']);
    expect(['a', 'b', 'c', 'd'].map((s) => tree.exists(`libs/plugins/${s}/plugin.json`))).toEqual([
      false,
      false,
      false,
      true,
    ]);
  });

  it('an inactive dependent still blocks removal (it would be left needing a missing plugin)', async () => {
    const tree = createFarmTree({ plugins: ['auth', 'ai-chat'] });
    await deactivateGenerator(tree, { name: 'ai-chat', skipIntegrate: true });
    expect(await refusal(removeGenerator(tree, { name: 'auth', skipIntegrate: true }))).toEqual([
      ['FARM_E030', '@farm/auth', 'farm plugin uninstall ai-chat auth (removes what depends on it too)'],
    ]);
    await removeGenerator(tree, { name: 'auth', _: ['ai-chat'] });
    expect(workspaceOf(tree).plugins).toEqual({});
    expect(tree.exists('libs/plugins/auth')).toBe(false);
    expect(tree.read('apps/backend/src/plugins/integration.py', 'utf-8')).not.toContain('include_router');
  });
});
