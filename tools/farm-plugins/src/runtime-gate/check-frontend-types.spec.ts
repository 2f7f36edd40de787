import type { Tree } from '@nx/devkit';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FarmError, formatProblem } from '../core/errors';
import { loadFarmState } from '../core/state';
import { repoRoot } from '../testing/temp-workspace';
import { treeWorkspace } from '../workspace-io/tree-workspace';
import { checkFrontendTypes } from './check-frontend-types';

// Nx's own FsTree over a real folder, as `nx g` uses it: the plugin exists only in the Tree.
const { FsTree } = require('nx/src/generators/tree');

/** A workspace with the repo's frontend tsconfig and node_modules, and nothing installed on disk. */
function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'farm-tscheck-'));
  mkdirSync(join(root, 'apps/frontend'), { recursive: true });
  cpSync(join(repoRoot, 'apps/frontend/tsconfig.json'), join(root, 'apps/frontend/tsconfig.json'));
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  writeFileSync(
    join(root, 'workspace.json'),
    JSON.stringify({ farmVersion: '1.0.0', environment: 'development', plugins: {} }),
  );
  return root;
}

/** Adds `@t/<folder>` to the Tree as add would (its files and its workspace.json entry, active). */
function addToTree(tree: Tree, folder: string, frontend: object, files: Record<string, string>): void {
  const manifest = {
    name: `@t/${folder}`,
    version: '1.0.0',
    description: 't',
    author: 't',
    license: 'MIT',
    farmVersion: '^1.0.0',
    frontend,
  };
  tree.write(`libs/plugins/${folder}/plugin.json`, JSON.stringify(manifest));
  for (const [path, text] of Object.entries(files)) tree.write(`libs/plugins/${folder}/${path}`, text);
  const ws = JSON.parse(tree.read('workspace.json', 'utf-8')!);
  ws.plugins[manifest.name] = {
    source: { type: 'workspace', spec: `libs/plugins/${folder}` },
    version: '1.0.0',
    active: true,
    config: {},
  };
  tree.write('workspace.json', JSON.stringify(ws));
}

function check(tree: Tree): string[] {
  try {
    checkFrontendTypes(tree, loadFarmState(treeWorkspace(tree)), 'apps/frontend', 'apps/frontend/src/plugins');
    return [];
  } catch (error) {
    if (!(error instanceof FarmError)) throw error;
    return error.problems.map((p) =>
      formatProblem(p)
        .split('\n')
        .map((l) => l.trim())
        .join(' '),
    );
  }
}

// The workspace's own TypeScript, with apps/frontend/tsconfig.json's options, judges the candidate.
describe('the frontend type-check of a change', () => {
  jest.setTimeout(120_000);
  let root: string;
  beforeEach(() => (root = workspace()));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('accepts a plugin whose component, hook and page type-check, reading its files from the Tree', () => {
    const tree = new FsTree(root, false);
    addToTree(
      tree,
      'notes',
      {
        components: { NoteCard: { path: './components/NoteCard.tsx' } },
        hooks: { useNotes: { path: './hooks/useNotes.ts' } },
        routes: [{ path: '/notes', component: 'NotesPage' }],
      },
      {
        'components/NoteCard.tsx':
          "import { useNotes } from '../hooks/useNotes.ts';\n\nexport default function NoteCard(props: { title?: string }) {\n  const notes = useNotes();\n  return <p>{props.title ?? notes.length}</p>;\n}\n",
        'hooks/useNotes.ts':
          "import { useState } from 'react';\n\nexport function useNotes(): string[] {\n  const [notes] = useState<string[]>([]);\n  return notes;\n}\n",
        'pages/NotesPage.tsx': 'export default function NotesPage() {\n  return <h1>Notes</h1>;\n}\n',
      },
    );
    expect(check(tree)).toEqual([]);
    // Nothing was written to check it.
    expect(readdirSync(root).sort()).toEqual(['apps', 'node_modules', 'workspace.json']);
  });

  it("refuses a type error in the plugin's own file at its line, quoting tsc", () => {
    const tree = new FsTree(root, false);
    addToTree(
      tree,
      'typo',
      { hooks: { useCount: { path: './hooks/useCount.ts' } } },
      {
        'hooks/useCount.ts':
          "export function useCount(): number {\n  const count: number = 'three';\n  return count;\n}\n",
      },
    );
    expect(check(tree)).toEqual([
      expect.stringMatching(
        /^FARM_E106 plugin "@t\/typo" \(libs\/plugins\/typo\/hooks\/useCount\.ts:2:9\): the frontend does not type-check: TS2322: Type 'string' is not assignable to type 'number'/,
      ),
    ]);
  });

  it('leaves imports of a declared npm package that is not installed yet to the install, and refuses undeclared ones', () => {
    // add installs frontend.dependencies after the Tree is written: its types cannot be judged before.
    const tree = new FsTree(root, false);
    addToTree(
      tree,
      'badge',
      {
        dependencies: [{ name: '@farm-test/not-installed-yet', version: '^1.0.0' }],
        components: { Badge: { path: './components/Badge.tsx' } },
      },
      {
        'components/Badge.tsx':
          "import { classNames } from '@farm-test/not-installed-yet/utils';\nimport pad from 'farm-test-undeclared-pad';\n\nexport default function Badge({ label }: { label: string }) {\n  return <span className={classNames('badge')}>{pad(label)}</span>;\n}\n",
      },
    );
    expect(check(tree)).toEqual([
      expect.stringMatching(
        /^FARM_E106 plugin "@t\/badge" \(libs\/plugins\/badge\/components\/Badge\.tsx:2:17\): the frontend does not type-check: TS2307: Cannot find module 'farm-test-undeclared-pad'/,
      ),
    ]);
  });

  it("checks every TypeScript file of the plugin, imported or not, as the app's typecheck does — added disabled too", () => {
    // apps/frontend/tsconfig.json includes libs/plugins/**/*.ts(x): a helper nobody imports still breaks `nx run frontend:typecheck`.
    const tree = new FsTree(root, false);
    addToTree(
      tree,
      'helpers',
      { components: { Chip: { path: './components/Chip.tsx' } } },
      {
        'components/Chip.tsx': 'export default function Chip() {\n  return <span>chip</span>;\n}\n',
        'lib/format.ts': 'export function format(n: number): string {\n  return n;\n}\n',
      },
    );
    const ws = JSON.parse(tree.read('workspace.json', 'utf-8')!);
    ws.plugins['@t/helpers'].active = false;
    tree.write('workspace.json', JSON.stringify(ws));
    expect(check(tree)).toEqual([
      expect.stringMatching(
        /^FARM_E106 plugin "@t\/helpers" \(libs\/plugins\/helpers\/lib\/format\.ts:2:3\): the frontend does not type-check: TS2322: Type 'number' is not assignable to type 'string'/,
      ),
    ]);
  });

  it('refuses a page React Router cannot render without props, at its route entry', () => {
    const tree = new FsTree(root, false);
    addToTree(
      tree,
      'needy',
      { routes: [{ path: '/needy/:id', component: 'NeedyPage' }] },
      {
        'pages/NeedyPage.tsx':
          'export default function NeedyPage(props: { id: string }) {\n  return <h1>{props.id}</h1>;\n}\n',
      },
    );
    const found = check(tree);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      /^FARM_E106 plugin "@t\/needy" \(libs\/plugins\/needy\/plugin\.json(:\d+:\d+)? \/frontend\/routes\/0\): the frontend does not type-check: TS2322: .*\(at apps\/frontend\/src\/plugins\/routes\.tsx:\d+: /,
    );
  });

  it('judges only what the change brings: an installed plugin with a type error does not block another', () => {
    const tree = new FsTree(root, false);
    addToTree(
      tree,
      'old',
      { hooks: { useOld: { path: './hooks/useOld.ts' } } },
      { 'hooks/useOld.ts': "export const useOld = (): number => 'x';\n" },
    );
    // Committed as an earlier change would have left it (the disk), then a new plugin added.
    for (const change of tree.listChanges()) {
      mkdirSync(join(root, change.path, '..'), { recursive: true });
      writeFileSync(join(root, change.path), change.content!);
    }
    const next = new FsTree(root, false);
    addToTree(
      next,
      'fresh',
      { hooks: { useFresh: { path: './hooks/useFresh.ts' } } },
      { 'hooks/useFresh.ts': 'export const useFresh = (): number => 1;\n' },
    );
    expect(check(next)).toEqual([]);
  });

  describe("global declarations meet every plugin's and the app's, as the app's typecheck sees them", () => {
    /** Writes `@t/<folder>` to the disk as an earlier add left it (its files, active in workspace.json). */
    function installed(folder: string, files: Record<string, string>): void {
      const tree = new FsTree(root, false);
      addToTree(tree, folder, {}, files);
      for (const change of tree.listChanges()) {
        mkdirSync(join(root, change.path, '..'), { recursive: true });
        writeFileSync(join(root, change.path), change.content!);
      }
    }
    const windowTheme = (type: string) =>
      `declare global {\n  interface Window {\n    farmTheme: ${type};\n  }\n}\nexport {};\n`;

    it('refuses a `declare global` property another plugin declares with another type, at the new side', () => {
      installed('theme', { 'types/window.d.ts': windowTheme('string') });
      const tree = new FsTree(root, false);
      addToTree(tree, 'dark', {}, { 'types/global.ts': windowTheme('number') });
      expect(check(tree)).toEqual([
        expect.stringMatching(
          /^FARM_E106 plugin "@t\/dark" \(libs\/plugins\/dark\/types\/global\.ts:3:5\): the frontend does not type-check: TS2717: Subsequent property declarations must have the same type\.\s+Property 'farmTheme' must be of type 'string', but here has type 'number'/,
        ),
      ]);
    });

    it('refuses the clash at the change’s .d.ts when the other side is an installed plugin’s .ts, naming it', () => {
      installed('theme', { 'types/global.ts': windowTheme('number') });
      const tree = new FsTree(root, false);
      addToTree(tree, 'zz-light', {}, { 'types/window.d.ts': windowTheme('string') });
      expect(check(tree)).toEqual([
        expect.stringMatching(
          /^FARM_E106 plugin "@t\/zz-light" \(libs\/plugins\/zz-light\/types\/window\.d\.ts:3:5\): .*TS2717: .*\(at libs\/plugins\/theme\/types\/global\.ts:3, declared by @t\/theme\)/s,
        ),
      ]);
    });

    it('accepts a clash of two declaration files: skipLibCheck leaves it unsaid in any order, as the app does', () => {
      installed('theme', { 'types/window.d.ts': windowTheme('string') });
      const tree = new FsTree(root, false);
      addToTree(tree, 'dark', {}, { 'types/window.d.ts': windowTheme('number') });
      expect(check(tree)).toEqual([]);
    });

    it('refuses a const two global scripts declare, and one the app declares', () => {
      installed('version', { 'globals.ts': 'const FARM_VERSION = "1.0";\n' });
      mkdirSync(join(root, 'apps/frontend/src'), { recursive: true });
      writeFileSync(join(root, 'apps/frontend/src/env.d.ts'), 'declare const __BUILD__: string;\n');
      const tree = new FsTree(root, false);
      addToTree(tree, 'again', {}, { 'globals.ts': 'const FARM_VERSION = 2;\ndeclare const __BUILD__: number;\n' });
      const found = check(tree);
      expect(found).toEqual([
        expect.stringMatching(
          /^FARM_E106 plugin "@t\/again" \(libs\/plugins\/again\/globals\.ts:1:7\): .*TS2451: Cannot redeclare block-scoped variable 'FARM_VERSION'/,
        ),
        expect.stringMatching(
          /^FARM_E106 plugin "@t\/again" \(libs\/plugins\/again\/globals\.ts:2:15\): .*TS2451: Cannot redeclare block-scoped variable '__BUILD__'/,
        ),
      ]);
    });

    it('accepts globals that merge (the same property type twice) and ignores other plugins’ modules', () => {
      installed('theme', {
        'types/window.d.ts': windowTheme('string'),
        'lib/broken.ts': 'export const x: number = "no";\n',
      });
      const tree = new FsTree(root, false);
      addToTree(tree, 'light', {}, { 'types/global.ts': windowTheme('string') });
      expect(check(tree)).toEqual([]);
    });
  });
});
