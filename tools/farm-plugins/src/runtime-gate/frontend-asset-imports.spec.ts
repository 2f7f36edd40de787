import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { repoRoot } from '../testing/temp-workspace';
import { diskFileView } from './asset-file-view';
import {
  assetImportProblems,
  isPackageSpecifier,
  onlyViteReads,
  pathImportsOf,
  viteClientModulePatterns,
} from './frontend-asset-imports';
import { viteResolvedFile } from './vite-file-resolution';

const app = { root: 'apps/frontend', publicDir: 'apps/frontend/public' };
const patterns = viteClientModulePatterns(repoRoot);

describe('pathImportsOf', () => {
  it('reads static, re-exported, dynamic and new URL imports by path, at the specifier', () => {
    const text = [
      "import logo from './logo.png';",
      "import type { T } from './types.png';",
      "export { x } from '../x.css?inline';",
      "import React from 'react';",
      'export default function A() {',
      "  const u = new URL('./a.svg', import.meta.url);",
      "  void import('/abs.css');",
      '  return <img src={logo} alt="don\'t" />;',
      '}',
    ].join('\n');
    expect(pathImportsOf('c/A.tsx', text)).toEqual([
      { specifier: './logo.png', line: 1, column: 18, kind: 'import' },
      { specifier: '../x.css?inline', line: 3, column: 19, kind: 'import' },
      { specifier: './a.svg', line: 6, column: 21, kind: 'url' },
      { specifier: '/abs.css', line: 7, column: 15, kind: 'import' },
    ]);
  });

  it('reads imports of packages and their files too when asked, but no new URL of one (it is relative)', () => {
    const text = [
      "import 'pkg/dist/style.css';",
      "import icon from '@scope/icons/a.svg?react';",
      "import React from 'react';",
      "import fs from 'node:fs';",
      "const u = new URL('pkg/x.png', import.meta.url);",
    ].join('\n');
    expect(pathImportsOf('A.tsx', text, true).map((i) => i.specifier)).toEqual([
      'pkg/dist/style.css',
      '@scope/icons/a.svg?react',
      'react',
    ]);
    expect(pathImportsOf('A.tsx', text)).toEqual([]);
    expect(
      ['pkg', '@s/p/x.css', 'p?inline', './x', '/x', 'node:fs', 'virtual:x', 'https://x/y.css'].map(isPackageSpecifier),
    ).toEqual([true, true, true, false, false, false, false, false]);
  });

  it('does not parse a file without a quoted path, and reads no path in a comment or a plain string', () => {
    expect(pathImportsOf('a.ts', "import { x } from 'pkg';\n")).toEqual([]);
    expect(pathImportsOf('a.ts', "// import './gone.png'\nconst s = './gone.png';\n")).toEqual([]);
  });
});

describe('onlyViteReads: what TypeScript lets through without a file', () => {
  const at = (specifier: string, kind: 'import' | 'url' = 'import') =>
    onlyViteReads({ specifier, line: 1, column: 1, kind }, patterns);
  it('takes vite/client wildcard modules and any query, leaves TypeScript modules to TypeScript', () => {
    expect(patterns.length).toBeGreaterThan(20);
    expect(at('./logo.png')).toBe(true);
    expect(at('../styles/x.css')).toBe(true);
    expect(at('./a.svg?react')).toBe(true);
    expect(at('./worker.ts?worker')).toBe(true);
    expect(at('./Card')).toBe(false);
    expect(at('./util.js')).toBe(false);
    expect(at('./data.json')).toBe(false);
    expect(at('./Card.tsx', 'url')).toBe(true);
  });
});

describe('assetImportProblems and viteResolvedFile, on disk', () => {
  let root: string;
  const write = (path: string, text = '') => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'farm-asset-imports-'));
    symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('resolves as Vite does: the query cut off, extensions tried, /… in public then the root', () => {
    write('p/c/logo.png');
    write('p/c/util.ts');
    write('apps/frontend/public/fav.ico');
    const view = diskFileView(root);
    expect(viteResolvedFile(view, 'p/c/A.tsx', './logo.png?url', app)).toBe('p/c/logo.png');
    expect(viteResolvedFile(view, 'p/c/A.tsx', './util', app)).toBe('p/c/util.ts');
    expect(viteResolvedFile(view, 'p/c/A.tsx', './util.js', app)).toBe('p/c/util.ts');
    expect(viteResolvedFile(view, 'p/c/A.tsx', '/fav.ico', app)).toBe('apps/frontend/public/fav.ico');
    expect(viteResolvedFile(view, 'p/c/A.tsx', './logo.svg', app)).toBeUndefined();
    expect(viteResolvedFile(view, 'p/c/A.tsx', `${root}/p/c/logo.png`, app)).toBe('p/c/logo.png');
  });

  it('refuses an asset import of no file at its specifier, with the path Vite looked for', () => {
    write('p/c/A.tsx', "import logo from './logo.png';\nimport ok from './ok.png';\nexport default [logo, ok];\n");
    write('p/c/ok.png');
    const { problems, imported } = assetImportProblems(diskFileView(root), '@farm/p', ['p/c/A.tsx'], app, patterns);
    expect(imported).toEqual([{ file: 'p/c/ok.png', specifier: './ok.png', from: 'p/c/A.tsx', line: 2, column: 16 }]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'FARM_E138', plugin: '@farm/p', file: 'p/c/A.tsx', line: 1, column: 18 });
    expect(problems[0]!.message).toContain('p/c/logo.png does not exist');
  });

  it('refuses a new URL to no file, and passes a missing TypeScript module to TypeScript', () => {
    write('p/A.ts', "export const u = new URL('./gone.woff2', import.meta.url);\nexport * from './Missing';\n");
    const { problems } = assetImportProblems(diskFileView(root), '@farm/p', ['p/A.ts'], app, patterns);
    expect(problems.map((p) => [p.code, p.line, p.column])).toEqual([['FARM_E138', 1, 26]]);
    expect(problems[0]!.message).toMatch(/new URL\("\.\/gone\.woff2", import\.meta\.url\) names p\/gone\.woff2/);
  });
});
