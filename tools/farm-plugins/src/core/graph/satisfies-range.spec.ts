import { satisfiesRange } from './satisfies-range';

// Cases from node-semver's documented prerelease rules, which npm install follows.
describe('satisfiesRange (npm semantics)', () => {
  it.each([
    ['2.0.0-rc.1', '>=1.0.0 <2.0.0', false],
    ['2.0.0-rc.1', '^1.0.0', false],
    ['1.2.4-beta.1', '^1.2.3', false], // another tuple's prerelease
    ['3.4.5-alpha.9', '>1.2.3-alpha.3', false], // prerelease of another tuple than the comparator's
    ['1.2.3-alpha.7', '>1.2.3-alpha.3', true], // same tuple, later prerelease
    ['1.2.3-beta.2', '^1.2.3-beta.0', true],
    ['2.0.0-rc.1', '>=2.0.0-rc.0', true],
    ['1.5.0', '>=1.0.0 <2.0.0', true],
    ['1.0.0', '*', true],
    ['1.0.0-rc.1', '*', false],
    ['1.0.0', 'not a range', false],
  ])('%s in %s → %s', (version, range, expected) => {
    expect(satisfiesRange(version, range)).toBe(expected);
  });
});
