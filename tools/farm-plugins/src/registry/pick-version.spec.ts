import { pickVersion, savedRange, type Packument } from './pick-version';

function packument(versions: string[], tags: Record<string, string>, deprecated: string[] = []): Packument {
  return {
    name: '@farm/plugin-x',
    'dist-tags': tags,
    versions: Object.fromEntries(versions.map((v) => [v, { name: '@farm/plugin-x', version: v, dist: { tarball: `http://r/x-${v}.tgz` }, ...(deprecated.includes(v) ? { deprecated: 'do not use' } : {}) }])),
  };
}

const all = ['1.0.0', '1.1.0', '1.2.0-beta.1', '1.10.0', '2.0.0', '3.0.0-rc.1'];

describe('pickVersion', () => {
  it.each<[string | undefined, Record<string, string>, string]>([
    [undefined, { latest: '1.10.0' }, '1.10.0'], // the latest tag, even below the max
    ['', { latest: '1.10.0' }, '1.10.0'],
    ['latest', { latest: '1.1.0' }, '1.1.0'],
    [undefined, {}, '2.0.0'], // no latest tag: highest stable
    ['next', { latest: '2.0.0', next: '3.0.0-rc.1' }, '3.0.0-rc.1'],
    ['^1.0.0', { latest: '1.0.0' }, '1.10.0'], // numeric, not lexical, order
    ['~1.1.0', { latest: '2.0.0' }, '1.1.0'],
    ['1.0.0', { latest: '2.0.0' }, '1.0.0'],
    ['>=1.2.0-beta.0 <1.3.0', { latest: '2.0.0' }, '1.2.0-beta.1'],
    ['*', { latest: '1.0.0' }, '2.0.0'],
    ['1.x', { latest: '2.0.0' }, '1.10.0'],
  ])('range %p with tags %p → %s', (range, tags, expected) => {
    expect(pickVersion(packument(all, tags), range)).toEqual({ version: expected });
  });

  it('prefers a version that is not deprecated', () => {
    expect(pickVersion(packument(['1.0.0', '1.1.0'], { latest: '1.1.0' }, ['1.1.0']), '^1.0.0')).toEqual({ version: '1.0.0' });
    expect(pickVersion(packument(['1.0.0', '1.1.0'], {}, ['1.0.0', '1.1.0']), '^1.0.0')).toEqual({ version: '1.1.0' });
  });

  it.each<[string | undefined, RegExp]>([
    ['^4.0.0', /no version of @farm\/plugin-x satisfies \^4\.0\.0 \(available: 1\.0\.0, 1\.1\.0, 1\.2\.0-beta\.1, 1\.10\.0, 2\.0\.0, 3\.0\.0-rc\.1; dist-tags: latest=2\.0\.0\)/],
    ['not a range!', /"not a range!" is neither a version, a semver range nor a dist-tag/],
    ['beta', /neither a version/],
  ])('explains why %p cannot be had', (range, message) => {
    const result = pickVersion(packument(all, { latest: '2.0.0' }), range);
    expect('error' in result && result.error).toMatch(message);
  });

  it('refuses a package without versions and a tag that points nowhere', () => {
    expect(pickVersion(packument([], {}), undefined)).toEqual({ error: '@farm/plugin-x has no published versions' });
    expect(pickVersion(packument(['1.0.0'], { next: '9.9.9' }), 'next')).toEqual({ error: 'dist-tag "next" of @farm/plugin-x points at 9.9.9, which is not published' });
  });
});

describe('savedRange', () => {
  it.each<[string | undefined, object, string]>([
    [undefined, {}, '^1.2.0'],
    ['latest', {}, '^1.2.0'],
    ['1.2.0', {}, '^1.2.0'], // as npm install x@1.2.0 saves it
    ['~1.2.0', {}, '~1.2.0'],
    ['>=1 <3', {}, '>=1 <3'],
    [undefined, { savePrefix: '~' }, '~1.2.0'],
    ['1.2.0', { saveExact: true }, '1.2.0'],
  ])('%p %p → %s', (range, options, expected) => {
    expect(savedRange(range, '1.2.0', options)).toBe(expected);
  });
});
