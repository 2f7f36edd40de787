import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FarmError } from '../../src/core/errors';
import { createFarmTree, treeFingerprint } from '../../src/testing/farm-tree';
import addGenerator from './add';

/** A folder plugin whose plugin.json is exactly `manifestText`, with the given source files. */
function folderPlugin(manifestText: string, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'farm-hostile-files-'));
  for (const [path, contents] of Object.entries({ ...files, 'plugin.json': manifestText })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), contents);
  }
  return dir;
}

const manifestText = (frontend: object) =>
  JSON.stringify(
    {
      name: '@t/cards',
      version: '1.0.0',
      description: 'test',
      author: 't',
      license: 'MIT',
      farmVersion: '^1.0.0',
      frontend,
    },
    null,
    2,
  );
const card = 'export default function Card() {\n  return null;\n}\n';

/**
 * Runs add and expects a refusal: a generator that throws has nothing written (Nx, and
 * commitAtomically, write a generator's Tree only when it returns). A manifest refused when read
 * is refused before the Tree is touched at all (`untouched`).
 */
async function refusal(dir: string, options: { untouched?: boolean } = {}) {
  const tree = createFarmTree();
  const before = treeFingerprint(tree);
  const error = await addGenerator(tree, { spec: dir }).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof FarmError)) throw new Error(`expected a FarmError, got ${String(error)}`);
  if (options.untouched) expect(treeFingerprint(tree)).toBe(before);
  return error.problems;
}

// Issue 12 items 6 and 7, from the user's side: what `nx g @farm/plugins:add <folder>` does.
describe('add and the files of a plugin as they really come', () => {
  jest.setTimeout(120_000);

  it('installs a plugin whose plugin.json starts with a byte order mark', async () => {
    const tree = createFarmTree();
    await addGenerator(tree, {
      spec: folderPlugin(`\uFEFF${manifestText({ components: { Card: { path: './Card.tsx' } } })}`, {
        'Card.tsx': card,
      }),
    });
    expect(JSON.parse(tree.read('workspace.json', 'utf-8')!).plugins['@t/cards']).toMatchObject({ active: true });
    expect(tree.read('apps/frontend/src/plugins/components/index.ts', 'utf-8')).toContain(
      '/libs/plugins/cards/Card.tsx";',
    );
  });

  it('refuses a plugin.json naming a component twice, at the second, and writes nothing', async () => {
    const text = manifestText({ components: { Card: { path: './Card.tsx' } } }).replace(
      '"Card": {',
      '"Card": { "path": "./Old.tsx" },\n      "Card": {',
    );
    const problems = await refusal(folderPlugin(text, { 'Card.tsx': card, 'Old.tsx': card }), { untouched: true });
    expect(problems).toMatchObject([
      {
        code: 'FARM_E009',
        pointer: '/frontend/components/Card',
        line: 11,
        column: 7,
        message: expect.stringContaining('(first at line 10, column 7)'),
      },
    ]);
  });

  it('refuses a declared Card.tsx beside a Card.ts, which its package could not hold, at its path, naming both', async () => {
    // The app would import Card.tsx exactly (and build), but `nx run cards:build` compiles both to
    // Card.js: tsc refuses the pair (TS5056), so the plugin could not be packed or published.
    const problems = await refusal(
      folderPlugin(manifestText({ components: { Card: { path: './components/Card.tsx' } } }), {
        'components/Card.tsx': card,
        'components/Card.ts': 'export const notTheComponent = 1;\n',
      }),
    );
    expect(problems).toMatchObject([
      {
        code: 'FARM_E108',
        plugin: '@t/cards',
        file: 'libs/plugins/cards/plugin.json',
        pointer: '/frontend/components/Card/path',
        line: 11,
        message: expect.stringContaining(
          'libs/plugins/cards/components/Card.tsx and libs/plugins/cards/components/Card.ts would both become Card.js and Card.d.ts',
        ),
      },
    ]);
  });

  it('says, after a refusal, which folder the libs/plugins/<name>/ of its problems stands for (nothing was written there)', async () => {
    const dir = folderPlugin(manifestText({ components: { Card: { path: './components/Card.tsx' } } }), {
      'components/Card.tsx': card,
      'components/Card.ts': 'export const notTheComponent = 1;\n',
    });
    const error = await addGenerator(createFarmTree(), { spec: dir }).then(
      () => undefined,
      (e: Error) => e.message,
    );
    expect(error).toMatch(/^FARM_E108 /);
    expect(error!.split('\n').at(-1)).toBe(
      `nothing was written: libs/plugins/cards/ above stands for ${realpathSync(dir)}/`,
    );
  });

  it('refuses a route path React Router reads literally, at its path, before any URL ownership check', async () => {
    const problems = await refusal(
      folderPlugin(
        manifestText({ components: { Card: { path: './Card.tsx' } }, routes: [{ path: '/a/*/b', component: 'Card' }] }),
        { 'Card.tsx': card },
      ),
    );
    expect(problems).toMatchObject([
      {
        code: 'FARM_E109',
        plugin: '@t/cards',
        pointer: '/frontend/routes/0/path',
        line: 16,
        message:
          'React Router reads the segment "*" of "/a/*/b" literally, not as a parameter or splat: the route answers only a URL with "*" in it',
      },
    ]);
  });

  it('installs a declared Card.tsx beside Card.types.ts (another stem) and imports the declared file', async () => {
    const tree = createFarmTree();
    await addGenerator(tree, {
      spec: folderPlugin(manifestText({ components: { Card: { path: './Card.tsx' } } }), {
        'Card.tsx': card,
        'Card.types.ts': 'export const notTheComponent = 1;\n',
      }),
    });
    expect(tree.read('apps/frontend/src/plugins/components/index.ts', 'utf-8')).toContain(
      '/libs/plugins/cards/Card.tsx";',
    );
  });

  it.each([
    [
      'a .jsx component with no declaration',
      './Card.jsx',
      { 'Card.jsx': card },
      'is JavaScript with no declaration beside it',
    ],
    [
      'a component file named with ?',
      './Card?raw.tsx',
      { 'Card?raw.tsx': card },
      'Vite reads everything after "?" as a query',
    ],
  ])('refuses %s, located at its path', async (_what, path, files, message) => {
    const problems = await refusal(folderPlugin(manifestText({ components: { Card: { path } } }), files));
    expect(problems.map((p) => [p.code, p.pointer])).toContainEqual(['FARM_E088', '/frontend/components/Card/path']);
    expect(problems.find((p) => p.code === 'FARM_E088')!.message).toContain(message);
  });
});
