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
});
