import { publishFlags } from './publish.impl';

// The real `npm publish` against a real registry runs in e2e/registry.e2e.spec.ts (Verdaccio).
describe('publishFlags', () => {
  it.each([
    ['@farm/plugin-x', {}, []],
    ['@farm/plugin-x', { registry: 'http://r/' }, ['--registry=http://r/', '--@farm:registry=http://r/']],
    ['farm-plugin-y', { registry: 'http://r/' }, ['--registry=http://r/']],
    [
      'farm-plugin-y',
      { tag: 'next', access: 'public' as const, dryRun: true },
      ['--tag=next', '--access=public', '--dry-run'],
    ],
  ])('%s %p', (name, options, expected) => {
    expect(publishFlags(name, options)).toEqual(expected);
  });
});
