import { fixtureManifest, fixtureWorkspace } from '../testing/manifest-fixtures';
import { findDependentsClosure } from './find-dependents';

const needs = (name: string, deps: string[], optional: string[] = []) =>
  fixtureManifest({
    name,
    dependencies: [
      ...deps.map((d) => ({ name: d, version: '^1.0.0' })),
      ...optional.map((d) => ({ name: d, version: '^1.0.0', optional: true })),
    ],
  });

// a ↔ b, c → a, e → c, f →(optional) a, g inactive → b
const manifests = [
  needs('@farm/a', ['@farm/b']),
  needs('@farm/b', ['@farm/a']),
  needs('@farm/c', ['@farm/a']),
  needs('@farm/e', ['@farm/c']),
  needs('@farm/f', [], ['@farm/a']),
  needs('@farm/g', ['@farm/b']),
];
const workspace = fixtureWorkspace(manifests, { inactive: ['@farm/g'] });

describe('findDependentsClosure: what has to go along', () => {
  it.each([
    [['@farm/a'], { activeOnly: true }, ['@farm/b', '@farm/c', '@farm/e']],
    [['@farm/a', '@farm/b'], { activeOnly: true }, ['@farm/c', '@farm/e']],
    [['@farm/a', '@farm/b', '@farm/c', '@farm/e'], { activeOnly: true }, []],
    [['@farm/b'], {}, ['@farm/a', '@farm/c', '@farm/e', '@farm/g']],
    [['@farm/e'], {}, []],
  ])('%j %j → %j', (names, options, expected) => {
    expect(findDependentsClosure(manifests, workspace, names, options)).toEqual(expected);
  });
});
