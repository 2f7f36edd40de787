import { parsePluginSpec } from './parse-plugin-spec';

// Every form `npm install <spec>` takes, read as npm-package-arg reads it (relative to /ws).
describe('parsePluginSpec', () => {
  it.each<[string, object]>([
    ['auth', { type: 'name', name: 'auth', range: undefined }],
    ['@farm/auth', { type: 'name', name: '@farm/auth', range: undefined }],
    ['@farm/plugin-x@^1.2', { type: 'name', name: '@farm/plugin-x', range: '^1.2' }],
    ['farm-plugin-x@1.0.0', { type: 'name', name: 'farm-plugin-x', range: '1.0.0' }],
    ['farm-plugin-x@next', { type: 'name', name: 'farm-plugin-x', range: 'next' }],
    ['github:org/x', { type: 'git', url: 'https://github.com/org/x.git', ref: undefined }],
    ['org/x#v1', { type: 'git', url: 'https://github.com/org/x.git', ref: 'v1' }],
    ['git+https://git.example/r.git#v2', { type: 'git', url: 'https://git.example/r.git', ref: 'v2' }],
    ['git+file:///srv/repo', { type: 'git', url: 'file:///srv/repo', ref: undefined }],
    ['git@host.example:repo.git', { type: 'git', url: 'git@host.example:repo.git', ref: undefined }],
    ['https://example.com/x-1.0.0.tgz', { type: 'remote', url: 'https://example.com/x-1.0.0.tgz' }],
    ['./x', { type: 'local', path: '/ws/x' }],
    ['file:x', { type: 'local', path: '/ws/x' }],
    ['/abs/x', { type: 'local', path: '/abs/x' }],
    ['libs/plugins/x', { type: 'local', path: '/ws/libs/plugins/x' }], // a path with more than one slash is a folder, as for npm
    ['x.tgz', { type: 'tarball', path: '/ws/x.tgz' }],
    ['file:../x.tgz', { type: 'tarball', path: '/x.tgz' }],
  ])('%s', (raw, expected) => {
    expect(parsePluginSpec(raw, '/ws')).toEqual(expected);
  });

  it.each<[string, RegExp]>([
    [
      'x@npm:y@1',
      /FARM_E097:\s+"x@npm:y@1" is an npm alias[\s\S]*fix: install the package itself: nx g @farm\/plugins:add y@1/,
    ],
    ['github:org/x#semver:^1', /FARM_E097:\s+"github:org\/x#semver:\^1" asks for a semver range of git tags/],
    ['x@not a tag!', /FARM_E097:\s+"x@not a tag!" is not a package spec npm can read: Invalid tag name/],
  ])('refuses %s', (raw, message) => {
    expect(() => parsePluginSpec(raw, '/ws')).toThrow(message);
  });
});
