import { createFarmTree, treeFingerprint } from '../../src/testing/farm-tree';
import { activePlugins, cycleTree, refusal } from '../../src/testing/plugin-set-trees';
import activateGenerator from '../activate/activate';
import deactivateGenerator from './deactivate';

describe('deactivate several plugins together (issue 14: a way out of every refusal)', () => {
  it('a cycle a ↔ b: deactivating either alone is refused with `farm plugin deactivate a b`, which works', async () => {
    const tree = cycleTree();
    await deactivateGenerator(tree, { name: 'c', skipIntegrate: true });
    const before = treeFingerprint(tree);
    for (const name of ['a', 'b']) {
      const fix = 'farm plugin deactivate a b (deactivates what needs it too)';
      expect(await refusal(deactivateGenerator(tree, { name, skipIntegrate: true }))).toEqual([
        ['FARM_E030', `@farm/${name}`, fix],
      ]);
    }
    expect(treeFingerprint(tree)).toBe(before);
    await deactivateGenerator(tree, { name: 'a', _: ['b'], skipIntegrate: true });
    expect(activePlugins(tree)).toEqual(['@farm/d']);
  });

  it('is refused only for a plugin outside the set that still needs one, and the fix takes it along', async () => {
    const tree = cycleTree();
    const before = treeFingerprint(tree);
    // c (active) needs a: the set {a, b} is not closed; with c it is.
    expect(await refusal(deactivateGenerator(tree, { name: 'a', _: ['b'], skipIntegrate: true }))).toEqual([
      ['FARM_E030', '@farm/a', 'farm plugin deactivate a b c (deactivates what needs it too)'],
    ]);
    expect(treeFingerprint(tree)).toBe(before);
    await deactivateGenerator(tree, { name: '@farm/c', _: ['b', 'a'], skipIntegrate: true });
    expect(activePlugins(tree)).toEqual(['@farm/d']);
  });

  it('takes package and project names, each once, and leaves the ones already inactive alone', async () => {
    const tree = cycleTree();
    await deactivateGenerator(tree, { name: 'd', skipIntegrate: true });
    await deactivateGenerator(tree, { name: 'd', _: ['@farm/d', 'c'], skipIntegrate: true });
    expect(activePlugins(tree)).toEqual(['@farm/a', '@farm/b']);
  });

  it('names every unknown plugin at once; when each has a near name, the fix is the command with those', async () => {
    const tree = cycleTree();
    expect(await refusal(deactivateGenerator(tree, { name: 'aa', _: ['b', 'cc'], skipIntegrate: true }))).toEqual([
      ['FARM_E020', undefined, 'farm plugin deactivate a b c'],
      ['FARM_E020', undefined, 'farm plugin deactivate a b c'],
    ]);
    const [[, , fix] = []] = await refusal(deactivateGenerator(tree, { name: 'zzzzzz', skipIntegrate: true }));
    expect(fix).toMatch(/^installed: @farm\/a, @farm\/b, @farm\/c, @farm\/d\. /);
  });

  it('deactivates official plugins together and regenerates the wiring once', async () => {
    const tree = createFarmTree({ plugins: ['auth', 'ai-chat'] });
    expect(await refusal(deactivateGenerator(tree, { name: 'auth' }))).toEqual([
      ['FARM_E030', '@farm/auth', 'farm plugin deactivate ai-chat auth (deactivates what needs it too)'],
    ]);
    await deactivateGenerator(tree, { name: 'ai-chat', _: ['auth'] });
    expect(activePlugins(tree)).toEqual([]);
    expect(tree.read('apps/backend/src/plugins/integration.py', 'utf-8')).not.toContain('include_router');
  });
});

describe('activate several plugins together', () => {
  it('an inactive dependency: the fix activates it along, and that command works', async () => {
    const tree = createFarmTree({ plugins: ['auth', 'ai-chat'] });
    await deactivateGenerator(tree, { name: 'ai-chat', _: ['auth'], skipIntegrate: true });
    expect(await refusal(activateGenerator(tree, { name: 'ai-chat', skipIntegrate: true }))).toEqual([
      ['FARM_E030', '@farm/ai-chat', 'farm plugin activate ai-chat auth'],
    ]);
    await activateGenerator(tree, { name: 'ai-chat', _: ['auth'] });
    expect(activePlugins(tree)).toEqual(['@farm/ai-chat', '@farm/auth']);
    expect(tree.read('apps/backend/src/plugins/integration.py', 'utf-8')).toContain('ai__chat_router_chat_router');
  });

  it('an inactive cycle: the fix names both, and activating both is refused as a cycle (FARM_E025), not in circles', async () => {
    const tree = cycleTree();
    await deactivateGenerator(tree, { name: 'a', _: ['b', 'c'], skipIntegrate: true });
    expect(await refusal(activateGenerator(tree, { name: 'a', skipIntegrate: true }))).toEqual([
      ['FARM_E030', '@farm/a', 'farm plugin activate a b'],
    ]);
    const codes = (await refusal(activateGenerator(tree, { name: 'a', _: ['b'], skipIntegrate: true }))).map(
      ([code]) => code,
    );
    expect(codes).toEqual(['FARM_E025']);
  });
});
