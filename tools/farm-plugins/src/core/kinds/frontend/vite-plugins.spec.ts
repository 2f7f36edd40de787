import { planFixtures } from '../../testing/plan-fixtures';

/** integrate's plan of one plugin whose frontend asks for the given Vite plugin modules. */
function plan(modules: string[], missing: string[] = []) {
  const { plan, problems } = planFixtures(
    [{ name: '@farm/vp', frontend: { vitePlugins: modules.map((module) => ({ module, options: { n: 1 } })) } }],
    { missing },
  );
  return {
    entries: plan.frontend.vitePlugins.map((v) => v.module),
    problems: problems.map((p) => `${p.code} ${p.pointer}`),
  };
}

describe('frontend.vitePlugins[].module: a file inside the plugin', () => {
  it('plans a file of the plugin as its workspace-relative path', () => {
    expect(plan(['./vite/inspect.ts', 'vite/../vite/other.mjs'])).toEqual({
      entries: ['libs/plugins/vp/vite/inspect.ts'],
      problems: ['FARM_E115 /frontend/vitePlugins/1/module'],
    });
  });

  it.each([
    ['an absolute path', '/tmp/x.js', 'FARM_E056'],
    ['a path climbing out with ..', '../../x.js', 'FARM_E056'],
    ['.. in the middle', './vite/../../other/x.js', 'FARM_E056'],
    ['a package', 'vite-plugin-inspect', 'FARM_E115'],
    ['a scoped package', '@acme/vite-plugin', 'FARM_E115'],
  ])('refuses %s, located at its module', (_what, module, code) => {
    expect(plan([module])).toEqual({ entries: [], problems: [`${code} /frontend/vitePlugins/0/module`] });
  });

  it('refuses a file that does not exist (FARM_E057)', () => {
    expect(plan(['./vite/gone.ts'], ['libs/plugins/vp/vite/gone.ts'])).toEqual({
      entries: [],
      problems: ['FARM_E057 /frontend/vitePlugins/0/module'],
    });
  });
});
