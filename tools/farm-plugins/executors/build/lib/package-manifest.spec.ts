import type { FarmPluginManifest } from '../../../src/core/manifest';
import { packageManifest } from './package-manifest';
import { rewriteManifestPaths } from './rewrite-manifest';

const manifest = {
  name: '@farm/plugin-x',
  version: '1.2.0',
  description: 'X',
  author: 'A',
  license: 'MIT',
  farmVersion: '^1.0.0',
  keywords: ['x'],
} as FarmPluginManifest;
const built = (compiled: string[] = []) => ({
  topLevel: ['routers', 'plugin.json', 'components'],
  compiled: new Set(compiled),
});

describe('packageManifest', () => {
  it('synthesises one from plugin.json when the plugin has none', () => {
    expect(packageManifest(undefined, manifest, built())).toEqual({
      packageJson: {
        name: '@farm/plugin-x',
        version: '1.2.0',
        description: 'X',
        license: 'MIT',
        author: 'A',
        keywords: ['x', 'farm-plugin'],
        files: ['components', 'plugin.json', 'routers'],
      },
    });
  });

  it('keeps the plugin’s fields, fills what registries show from plugin.json, compiles main, adds the keyword once and marks ES modules', () => {
    const source = {
      name: '@farm/plugin-x',
      version: '1.2.0',
      main: './src/index.ts',
      keywords: ['farm-plugin', 'weather'],
      files: ['stale'],
      peerDependencies: { react: '>=19' },
    };
    expect(packageManifest(source, manifest, built(['src/index.ts', 'components/X.tsx']))).toEqual({
      packageJson: {
        ...source,
        description: 'X',
        license: 'MIT',
        author: 'A',
        main: 'src/index.js',
        types: 'src/index.d.ts',
        type: 'module',
        keywords: ['farm-plugin', 'weather'],
        files: ['components', 'plugin.json', 'routers'],
      },
    });
  });

  it.each([
    [{ name: '@farm/other' }, 'package.json name "@farm/other" differs from plugin.json name "@farm/plugin-x"'],
    [{ version: '9.9.9' }, 'package.json version "9.9.9" differs from plugin.json version "1.2.0"'],
    [{ main: 'src/index.spec.ts' }, 'package.json main "src/index.spec.ts" was not compiled'],
  ])('refuses %p', (source, message) => {
    const result = packageManifest(source, manifest, built(['src/index.ts']));
    expect('error' in result && result.error).toContain(message);
  });

  it('leaves a JS main and an explicit type alone', () => {
    expect(packageManifest({ main: 'index.js', type: 'commonjs' }, manifest, built(['hooks/use.ts']))).toMatchObject({
      packageJson: { main: 'index.js', type: 'commonjs' },
    });
  });
});

describe('rewriteManifestPaths', () => {
  const text =
    '{\n  "frontend": {\n    "components": { "X": { "path": "./components/X.tsx" } },\n    "routes": [{ "path": "/x", "component": "X", "file": "pages/XPage.tsx" }]\n  },\n  "backend": { "routers": { "r": { "path": "./routers/r.py" } } }\n}\n';
  it('renames compiled sources only, keeping the rest of the text byte for byte', () => {
    const compiled = new Map([
      ['components/X.tsx', 'components/X.js'],
      ['pages/XPage.tsx', 'pages/XPage.js'],
    ]);
    expect(rewriteManifestPaths(text, compiled)).toBe(
      text.replace('./components/X.tsx', './components/X.js').replace('pages/XPage.tsx', 'pages/XPage.js'),
    );
    expect(rewriteManifestPaths(text, new Map())).toBe(text);
  });
});
