import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  outputCollisions,
  packageOutputsOf,
  sameOutputSiblings,
} from '../../../src/core/analyze/paths/package-outputs';
import { compileTypeScript } from './compile-typescript';

/**
 * core/analyze/paths/package-outputs.ts says where the build writes each file and which pairs
 * cannot both ship; the build's own compiler (compileTypeScript, the real tsc) is the judge.
 */
describe('package outputs, judged by the compiler the build runs', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'farm-package-outputs-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A plugin folder `p` holding `files` (each a small module), compiled into `out`. */
  function compile(files: string[]) {
    const plugin = join(dir, 'p');
    for (const file of files) {
      mkdirSync(join(plugin, file, '..'), { recursive: true });
      writeFileSync(join(plugin, file), `export const from${files.indexOf(file)}: number = 1;\n`);
    }
    return compileTypeScript(plugin, files, join(dir, 'out'), new Set());
  }

  it.each(['components/Card.ts', 'components/Card.tsx', 'lib/x.mts', 'lib/x.cts'])(
    'names the files tsc writes for %s',
    (file) => {
      const result = compile([file]);
      expect(result.errors).toEqual([]);
      expect(result.written).toEqual([...packageOutputsOf(file)].sort());
    },
  );

  // Every pair of sources of one stem: tsc refuses exactly the pairs the table says collide.
  const sources = ['Card.ts', 'Card.tsx', 'Card.mts', 'Card.cts'];
  const pairs = sources.flatMap((a, i) => sources.slice(i + 1).map((b) => [a, b] as const));
  it.each(pairs)('%s beside %s: TS5056 exactly when the table says they collide', (a, b) => {
    const files = [`components/${a}`, `components/${b}`];
    const collide = outputCollisions(files).length > 0;
    expect(sameOutputSiblings(files[0]!).includes(files[1]!)).toBe(collide);
    const result = compile(files);
    expect(result.errors.some((e) => e.includes('TS5056'))).toBe(collide);
    if (!collide) expect(result.written).toEqual(files.flatMap(packageOutputsOf).sort());
  });

  it('names every sibling a declared Card.tsx would meet in the package, and nothing for a copied file', () => {
    expect(sameOutputSiblings('libs/plugins/x/components/Card.tsx')).toEqual([
      'libs/plugins/x/components/Card.d.ts',
      'libs/plugins/x/components/Card.js',
      'libs/plugins/x/components/Card.ts',
    ]);
    expect(sameOutputSiblings('libs/plugins/x/lib/x.mts')).toEqual([
      'libs/plugins/x/lib/x.d.mts',
      'libs/plugins/x/lib/x.mjs',
    ]);
    expect(sameOutputSiblings('libs/plugins/x/components/Card.js')).toEqual([]);
    expect(sameOutputSiblings('libs/plugins/x/components/Card.d.ts')).toEqual([]);
  });

  it('groups the files of a folder that land on one path: a compiled pair once, a copied file against its source', () => {
    expect(
      outputCollisions(['a/Card.ts', 'a/Card.tsx', 'b/Card.tsx', 'b/Card.js', 'b/Card.jsx', 'c/x.mts', 'c/x.ts']),
    ).toEqual([
      { output: 'a/Card.js', files: ['a/Card.ts', 'a/Card.tsx'] },
      { output: 'b/Card.js', files: ['b/Card.js', 'b/Card.tsx'] },
    ]);
    expect(outputCollisions(['Card.d.ts', 'Card.tsx'])).toEqual([
      { output: 'Card.d.ts', files: ['Card.d.ts', 'Card.tsx'] },
    ]);
  });
});
