import { join } from 'node:path';
import * as ts from 'typescript';
import { frontendImportCompanions, frontendImportProblem } from './frontend-imports';

const dir = 'libs/plugins/x/components';
const existing =
  (...files: string[]) =>
  (file: string) =>
    files.map((f) => `${dir}/${f}`).includes(file);

describe('frontendImportProblem', () => {
  it.each([
    ['Card.tsx', []],
    ['Card.tsx', ['Card.ts']],
    ['Card.ts', ['Card.tsx']],
    ['useThing.mts', []],
    ['Legacy.js', ['Legacy.d.ts']],
    ['Legacy.jsx', ['Legacy.d.ts']],
    ['Legacy.mjs', ['Legacy.d.mts']],
    ['Legacy.js', ['Legacy.d.ts', 'Legacy.jsx']],
  ])('lets the app import %s exactly (beside %j)', (file, siblings) => {
    expect(frontendImportProblem(`${dir}/${file}`, 'code', existing(file, ...siblings))).toBeUndefined();
  });

  it.each([
    ['Card.js', ['Card.ts'], 'TypeScript checks libs/plugins/x/components/Card.ts in its place'],
    ['Card.js', ['Card.tsx', 'Card.d.ts'], 'TypeScript checks libs/plugins/x/components/Card.tsx in its place'],
    ['Card.jsx', ['Card.tsx'], 'TypeScript checks libs/plugins/x/components/Card.tsx in its place'],
    ['Card.jsx', ['Card.ts'], 'TypeScript checks libs/plugins/x/components/Card.ts in its place'],
    ['Card.mjs', ['Card.mts'], 'TypeScript checks libs/plugins/x/components/Card.mts in its place'],
    ['Card.jsx', [], 'is JavaScript with no declaration beside it (libs/plugins/x/components/Card.d.ts)'],
    ['Card.js', [], 'is JavaScript with no declaration beside it (libs/plugins/x/components/Card.d.ts)'],
    ['Card.mjs', ['Card.d.ts'], 'is JavaScript with no declaration beside it (libs/plugins/x/components/Card.d.mts)'],
    ['Card.cjs', ['Card.d.cts'], 'is not a module the app imports'],
    ['Card.cts', [], 'is not a module the app imports'],
    ['Card', [], 'is not a module the app imports'],
    ['Card.vue', [], 'is not a module the app imports'],
    ['Card.d.ts', [], 'is a declaration file'],
    [
      'Card?raw.tsx',
      [],
      'Vite reads everything after "?" as a query, so it would look for libs/plugins/x/components/Card',
    ],
    [
      'Card#1.tsx',
      [],
      'Vite reads everything after "#" as a hash, so it would look for libs/plugins/x/components/Card',
    ],
  ])('refuses %s (beside %j): %s', (file, siblings, message) => {
    expect(frontendImportProblem(`${dir}/${file}`, 'code', existing(file, ...siblings))?.message).toContain(message);
  });

  it('refuses ? and # in a folder name too, and in a style sheet', () => {
    expect(frontendImportProblem('libs/plugins/x/a?b/Card.tsx', 'code', () => true)?.message).toContain(
      'would look for libs/plugins/x/a',
    );
    expect(frontendImportProblem('libs/plugins/x/styles/a#b.css', 'style', () => true)?.message).toContain('as a hash');
    expect(frontendImportProblem('libs/plugins/x/styles/a.css', 'style', () => true)).toBeUndefined();
  });
});

describe('what TypeScript reads for an import of a file by its exact name', () => {
  // The app's own compiler options: what `tsc -p apps/frontend/tsconfig.json` resolves with.
  const appDir = join(__dirname, '../../../../../apps/frontend');
  const { options } = ts.getParsedCommandLineOfConfigFile(
    join(appDir, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, ' '));
      },
    },
  )!;
  /** The files TypeScript reads for `./X<ext>` when every file of `present` exists, in the order it tries them. */
  function typeScriptOrder(ext: string, present: readonly string[]): string[] {
    const left = new Set(present);
    const order: string[] = [];
    for (;;) {
      const host = { fileExists: (f: string) => left.has(f.slice(f.lastIndexOf('/') + 1)), readFile: () => '' };
      const resolved = ts.resolveModuleName(`./X${ext}`, '/ws/apps/frontend/src/plugins/index.ts', options, host)
        .resolvedModule?.resolvedFileName;
      if (!resolved) return order;
      const name = resolved.slice(resolved.lastIndexOf('/') + 1);
      order.push(name);
      left.delete(name);
    }
  }
  const all = ['X.ts', 'X.tsx', 'X.mts', 'X.cts', 'X.d.ts', 'X.d.mts', 'X.d.cts', 'X.js', 'X.jsx', 'X.mjs', 'X.cjs'];

  it.each(['.ts', '.tsx', '.mts'])('is the file itself for %s, whatever sits beside it', (ext) => {
    expect(typeScriptOrder(ext, all)[0]).toBe(`X${ext}`);
  });

  it.each(['.js', '.jsx', '.mjs'])(
    'is, for %s, the companions frontendImportCompanions lists, in that order, before the file',
    (ext) => {
      const companions = frontendImportCompanions(`/ws/X${ext}`).map((f) => f.slice('/ws/'.length));
      const order = typeScriptOrder(ext, all);
      expect(order.slice(0, order.indexOf(`X${ext}`))).toEqual(companions);
    },
  );
});
