import type { Tree } from '@nx/devkit';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FarmError, formatProblem } from '../core/errors';
import { loadFarmState } from '../core/state';
import { startFakeRegistry, type FakeRegistry } from '../registry/testing/fake-registry';
import { isolatedNpmEnv, publishGatePackages } from '../testing/gate-npm-packages';
import { repoRoot } from '../testing/temp-workspace';
import { treeWorkspace } from '../workspace-io/tree-workspace';
import { checkFrontendTypes } from './check-frontend-types';

// Nx's own FsTree over a real folder, as `nx g` uses it: the plugin exists only in the Tree.
const { FsTree } = require('nx/src/generators/tree');

/**
 * A workspace with the repo's frontend tsconfig and node_modules, and nothing installed on disk.
 * `linkedPackages`: a node_modules folder of its own whose entries link to the repo's, so the
 * gate's caches under node_modules/.cache are this workspace's.
 */
function workspace(linkedPackages = false): string {
  const root = mkdtempSync(join(tmpdir(), 'farm-tscheck-'));
  mkdirSync(join(root, 'apps/frontend'), { recursive: true });
  cpSync(join(repoRoot, 'apps/frontend/tsconfig.json'), join(root, 'apps/frontend/tsconfig.json'));
  if (!linkedPackages) symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  else {
    mkdirSync(join(root, 'node_modules'));
    for (const entry of readdirSync(join(repoRoot, 'node_modules')).filter((e) => e !== '.cache'))
      symlinkSync(join(repoRoot, 'node_modules', entry), join(root, 'node_modules', entry));
  }
  writeFileSync(
    join(root, 'workspace.json'),
    JSON.stringify({ farmVersion: '1.0.0', environment: 'development', plugins: {} }),
  );
  return root;
}

/** Adds `@t/<folder>` to the Tree as add would (its files and its workspace.json entry, active); `more`: manifest fields. */
function addToTree(tree: Tree, folder: string, frontend: object, files: Record<string, string>, more = {}): void {
  const manifest = {
    name: `@t/${folder}`,
    version: '1.0.0',
    description: 't',
    author: 't',
    license: 'MIT',
    farmVersion: '^1.0.0',
    frontend,
    ...more,
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

async function check(tree: Tree): Promise<string[]> {
  try {
    await checkFrontendTypes(tree, loadFarmState(treeWorkspace(tree)), 'apps/frontend', 'apps/frontend/src/plugins');
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

/** Writes the Tree's changes to its workspace's disk, as the generator does after the gate. */
function commit(tree: Tree): void {
  for (const change of tree.listChanges()) {
    if (change.type === 'DELETE') rmSync(join(tree.root, change.path), { force: true });
    else {
      mkdirSync(join(tree.root, change.path, '..'), { recursive: true });
      writeFileSync(join(tree.root, change.path), change.content!);
    }
  }
}

/**
 * The judge the gate answers to: the real TypeScript 7 `tsc -p apps/frontend/tsconfig.json` (what
 * `nx run frontend:typecheck` runs) over the workspace's disk — its error lines, none when it passes.
 */
function appTypecheckErrors(root: string): string[] {
  const tsc = join(repoRoot, 'node_modules/typescript-7/bin/tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', 'apps/frontend/tsconfig.json', '--noEmit'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (run.status !== 0 && !/error TS\d+/.test(run.stdout)) throw new Error(`tsc did not run: ${run.stderr}`);
  return run.stdout.split('\n').filter((line) => /error TS\d+/.test(line));
}

// The workspace's own TypeScript, with apps/frontend/tsconfig.json's options, judges the candidate.
describe('the frontend type-check of a change', () => {
  jest.setTimeout(120_000);
  let root: string;
  beforeEach(() => (root = workspace()));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('accepts a plugin whose component, hook and page type-check, reading its files from the Tree', async () => {
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
    expect(await check(tree)).toEqual([]);
    // Nothing was written to check it.
    expect(readdirSync(root).sort()).toEqual(['apps', 'node_modules', 'workspace.json']);
  });

  it("refuses a type error in the plugin's own file at its line, quoting tsc", async () => {
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
    expect(await check(tree)).toEqual([
      expect.stringMatching(
        /^FARM_E106 plugin "@t\/typo" \(libs\/plugins\/typo\/hooks\/useCount\.ts:2:9\): the frontend does not type-check: TS2322: Type 'string' is not assignable to type 'number'/,
      ),
    ]);
  });

  it("checks every TypeScript file of the plugin, imported or not, as the app's typecheck does — added disabled too", async () => {
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
    expect(await check(tree)).toEqual([
      expect.stringMatching(
        /^FARM_E106 plugin "@t\/helpers" \(libs\/plugins\/helpers\/lib\/format\.ts:2:3\): the frontend does not type-check: TS2322: Type 'number' is not assignable to type 'string'/,
      ),
    ]);
  });

  it('refuses a page React Router cannot render without props, at its route entry', async () => {
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
    const found = await check(tree);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      /^FARM_E106 plugin "@t\/needy" \(libs\/plugins\/needy\/plugin\.json(:\d+:\d+)? \/frontend\/routes\/0\): the frontend does not type-check: TS2322: .*\(at apps\/frontend\/src\/plugins\/routes\.tsx:\d+: /,
    );
  });

  it('judges only what the change brings: an installed plugin with a type error does not block another', async () => {
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
    expect(await check(next)).toEqual([]);
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

    // Which of two declarations the app reads first decides: the first type wins, and a clash is
    // said at the second only in a .ts (skipLibCheck). tsc reads libs/plugins/** in sorted order.
    it('refuses a `declare global` property another plugin declares with another type, at the new side read second', async () => {
      installed('theme', { 'types/window.d.ts': windowTheme('string') });
      const tree = new FsTree(root, false);
      addToTree(tree, 'zz-dark', {}, { 'types/global.ts': windowTheme('number') });
      expect(await check(tree)).toEqual([
        expect.stringMatching(
          /^FARM_E106 plugin "@t\/zz-dark" \(libs\/plugins\/zz-dark\/types\/global\.ts:3:5\): the frontend does not type-check: TS2717: Subsequent property declarations must have the same type\.\s+Property 'farmTheme' must be of type 'string', but here has type 'number'.*\(also declared at libs\/plugins\/theme\/types\/window\.d\.ts:3, by @t\/theme\)/s,
        ),
      ]);
      commit(tree);
      expect(appTypecheckErrors(root)).toEqual([
        expect.stringMatching(/zz-dark\/types\/global\.ts\(3,5\): error TS2717/),
      ]);
    });

    it('refuses the clash at the change’s .d.ts read first when the other side is an installed plugin’s .ts, naming it', async () => {
      installed('theme', { 'types/global.ts': windowTheme('number') });
      const tree = new FsTree(root, false);
      addToTree(tree, 'a-light', {}, { 'types/window.d.ts': windowTheme('string') });
      expect(await check(tree)).toEqual([
        expect.stringMatching(
          /^FARM_E106 plugin "@t\/a-light" \(libs\/plugins\/a-light\/types\/window\.d\.ts:3:5\): .*TS2717: .*\(at libs\/plugins\/theme\/types\/global\.ts:3, declared by @t\/theme\)/s,
        ),
      ]);
      commit(tree);
      expect(appTypecheckErrors(root)).toEqual([
        expect.stringMatching(/theme\/types\/global\.ts\(3,5\): error TS2717/),
      ]);
    });

    // Issue 12 (read order): a types-only plugin changes Window.farmTheme under code that uses it
    // when the app reads its .d.ts first; read second, its clash is unsaid and the type stays.
    it.each([
      ['aa-override', 'refused: its type is the one the app reads', 1],
      ['zz-override', 'accepted: the installed type is read first', 0],
    ])('judges a types-only plugin %s as the app’s typecheck does — %s', async (folder, _, errors) => {
      installed('theme', {
        'types/window.d.ts': windowTheme('string'),
        'lib/shout.ts': 'export const shout = (): string => window.farmTheme.toUpperCase();\n',
      });
      const tree = new FsTree(root, false);
      addToTree(tree, folder, {}, { 'types/window.d.ts': windowTheme('number') });
      const found = await check(tree);
      commit(tree);
      const app = appTypecheckErrors(root);
      expect([found.length, app.length]).toEqual([errors, errors]);
      if (errors)
        expect(found[0]).toMatch(
          new RegExp(
            `^FARM_E106 plugin "@t/${folder}" \\(libs/plugins/${folder}/types/window\\.d\\.ts\\): its global declarations break @t/theme's code at libs/plugins/theme/lib/shout\\.ts:1:\\d+: TS2339: Property 'toUpperCase' does not exist on type 'number'`,
          ),
        );
    });

    // Issue 12 (false refusal): the app's typecheck reads every plugin folder, so another plugin's
    // global type is there for code that uses it — declared as a dependency or not.
    it.each([
      ['declaring @t/theme as a dependency', { dependencies: [{ name: '@t/theme', version: '^1.0.0' }] }],
      ['not declaring it (the app sees every plugin folder)', {}],
    ])('accepts a plugin using another plugin’s global type, %s, as the app does', async (_, more) => {
      installed('theme', { 'types/window.d.ts': windowTheme('string') });
      const tree = new FsTree(root, false);
      addToTree(
        tree,
        'dark',
        { hooks: { useShout: { path: './hooks/useShout.ts' } } },
        { 'hooks/useShout.ts': 'export const useShout = (): string => window.farmTheme.toUpperCase();\n' },
        more,
      );
      expect(await check(tree)).toEqual([]);
      commit(tree);
      expect(appTypecheckErrors(root)).toEqual([]);
    });

    it('accepts a clash of two declaration files: skipLibCheck leaves it unsaid in any order, as the app does', async () => {
      installed('theme', { 'types/window.d.ts': windowTheme('string') });
      const tree = new FsTree(root, false);
      addToTree(tree, 'dark', {}, { 'types/window.d.ts': windowTheme('number') });
      expect(await check(tree)).toEqual([]);
    });

    it('refuses a const two global scripts declare, and one the app declares', async () => {
      installed('version', { 'globals.ts': 'const FARM_VERSION = "1.0";\n' });
      mkdirSync(join(root, 'apps/frontend/src'), { recursive: true });
      writeFileSync(join(root, 'apps/frontend/src/env.d.ts'), 'declare const __BUILD__: string;\n');
      const tree = new FsTree(root, false);
      addToTree(tree, 'again', {}, { 'globals.ts': 'const FARM_VERSION = 2;\ndeclare const __BUILD__: number;\n' });
      const found = await check(tree);
      expect(found).toEqual([
        expect.stringMatching(
          /^FARM_E106 plugin "@t\/again" \(libs\/plugins\/again\/globals\.ts:1:7\): .*TS2451: Cannot redeclare block-scoped variable 'FARM_VERSION'/,
        ),
        expect.stringMatching(
          /^FARM_E106 plugin "@t\/again" \(libs\/plugins\/again\/globals\.ts:2:15\): .*TS2451: Cannot redeclare block-scoped variable '__BUILD__'/,
        ),
      ]);
    });

    it("refuses globals that break the app's and other plugins' code using them, not the workspace's own errors", async () => {
      installed('notes', {
        'hooks/useDraft.ts': "export const useDraft = (): string | null => localStorage.getItem('draft');\n",
      });
      mkdirSync(join(root, 'apps/frontend/src'), { recursive: true });
      writeFileSync(
        join(root, 'apps/frontend/src/main.ts'),
        "export const rootElement: HTMLElement | null = document.getElementById('root');\n",
      );
      // Already broken before the change: not this change's to answer for.
      writeFileSync(join(root, 'apps/frontend/src/broken.ts'), "export const n: number = 'x';\n");
      const overloads =
        'declare global {\n  interface Document {\n    getElementById(elementId: "root"): number;\n  }\n' +
        '  interface Storage {\n    getItem(key: string): number;\n  }\n}\nexport {};\n';
      const tree = new FsTree(root, false);
      addToTree(tree, 'hostile', {}, { 'types/dom.d.ts': overloads });
      expect(await check(tree)).toEqual([
        expect.stringMatching(
          /^FARM_E106 plugin "@t\/hostile" \(libs\/plugins\/hostile\/types\/dom\.d\.ts\): its global declarations break the frontend app's code at apps\/frontend\/src\/main\.ts:1:\d+: TS2322/,
        ),
        expect.stringMatching(
          /^FARM_E106 plugin "@t\/hostile" \(libs\/plugins\/hostile\/types\/dom\.d\.ts\): its global declarations break @t\/notes's code at libs\/plugins\/notes\/hooks\/useDraft\.ts:1:\d+: TS2322/,
        ),
      ]);
      // The same workspace, globals that break nothing: its own error in broken.ts is not the change's.
      const harmless = new FsTree(root, false);
      addToTree(harmless, 'kind', {}, { 'types/env.d.ts': 'declare const __FARM_KIND__: string;\n' });
      expect(await check(harmless)).toEqual([]);
    });

    it('accepts globals that merge (the same property type twice) and ignores other plugins’ modules', async () => {
      installed('theme', {
        'types/window.d.ts': windowTheme('string'),
        'lib/broken.ts': 'export const x: number = "no";\n',
      });
      const tree = new FsTree(root, false);
      addToTree(tree, 'light', {}, { 'types/global.ts': windowTheme('string') });
      expect(await check(tree)).toEqual([]);
    });
  });
});

// Issue 12: `import { clsxx } from 'clsx'` passed add while clsx was not installed yet. npm stages
// the declared packages first (a registry on 127.0.0.1 here, named by the workspace's .npmrc).
describe('a declared npm package the workspace has not installed yet', () => {
  jest.setTimeout(120_000);
  let registry: FakeRegistry;
  let root: string;
  let home: string;
  const savedEnv = { ...process.env };
  const marker = join(tmpdir(), `farm-tscheck-postinstall-${process.pid}`);

  beforeAll(async () => {
    registry = await startFakeRegistry();
    publishGatePackages(registry, marker);
    home = mkdtempSync(join(tmpdir(), 'farm-tscheck-home-'));
    // The gate's npm reads this process's environment: the machine's npm settings are left out.
    const env = isolatedNpmEnv(process.env, home);
    for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
    Object.assign(process.env, env);
  });
  afterAll(async () => {
    for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
    Object.assign(process.env, savedEnv);
    rmSync(home, { recursive: true, force: true });
    await registry.close();
  });
  beforeEach(() => {
    root = workspace(true);
    writeFileSync(join(root, '.npmrc'), `registry=${registry.url}\n`);
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    for (const suffix of ['', '.pre', '.install']) rmSync(`${marker}${suffix}`, { force: true });
  });

  /** The Tree of an add of `@t/badge`, declaring `dependencies`, whose component is `source`. */
  function badge(dependencies: object[], source: string): Tree {
    const tree = new FsTree(root, false);
    addToTree(
      tree,
      'badge',
      { dependencies, components: { Badge: { path: './components/Badge.tsx' } } },
      { 'components/Badge.tsx': source },
    );
    return tree;
  }

  it('refuses a name the package does not export, at the import, against its real types; nothing written', async () => {
    const tree = badge(
      [{ name: 'gate-tiny-classes', version: '^2.0.0' }],
      "import { clsxx } from 'gate-tiny-classes';\n\nexport default function Badge() {\n  return <span className={clsxx('badge')} />;\n}\n",
    );
    const found = await check(tree);
    expect(found).toEqual([
      expect.stringMatching(
        /^FARM_E106 plugin "@t\/badge" \(libs\/plugins\/badge\/components\/Badge\.tsx:1:10\): the frontend does not type-check: TS2305: Module '"gate-tiny-classes"' has no exported member 'clsxx'\./,
      ),
    ]);
    expect(readdirSync(root).sort()).toEqual(['.npmrc', 'apps', 'node_modules', 'workspace.json']);
    expect(existsSync(join(root, 'node_modules/gate-tiny-classes'))).toBe(false);
    expect(existsSync(marker)).toBe(false);
  });

  it("reads the package's own dependency, its peer from the workspace's node_modules and a scoped package", async () => {
    const tree = badge(
      [
        { name: 'gate-tiny-classes', version: '^2.0.0' },
        { name: 'gate-tiny-widget' },
        { name: '@acme/ui', version: '3.0.0' },
      ],
      [
        "import { classes } from 'gate-tiny-classes';",
        "import { widget } from 'gate-tiny-widget';",
        "import { ui } from '@acme/ui';",
        '',
        'export default function Badge() {',
        "  const fine = classes('badge', false);",
        '  const token = classes(42);',
        '  const node: number = widget();',
        '  const three: 4 = ui;',
        '  return <span className={fine}>{token}{node}{three}{widget()}</span>;',
        '}',
        '',
      ].join('\n'),
    );
    // Each error exists only if the types resolved: Token from the staged gate-tiny-tokens,
    // ReactNode from the workspace's React (not installed again), 3 from the scoped package.
    expect(await check(tree)).toEqual([
      expect.stringMatching(
        /Badge\.tsx:7:25\): .*TS2345: Argument of type '42' is not assignable to parameter of type 'Token'/,
      ),
      expect.stringMatching(/Badge\.tsx:8:9\): .*TS2322: Type 'ReactNode' is not assignable to type 'number'/),
      expect.stringMatching(/Badge\.tsx:9:9\): .*TS2322: Type '3' is not assignable to type '4'/),
    ]);
  });

  it('accepts a right import, and the next gate reuses the staged set: no tarball fetched again', async () => {
    const source =
      "import { classes } from 'gate-tiny-classes';\nimport { hostile } from 'gate-hostile';\n\nexport default function Badge() {\n  return <span className={classes('badge', hostile && 'x')} />;\n}\n";
    const dependencies = [
      { name: 'gate-tiny-classes', version: '^2.0.0' },
      { name: 'gate-hostile', version: '1.0.0' },
    ];
    expect(await check(badge(dependencies, source))).toEqual([]);
    const asked = registry.requests.length;
    expect(await check(badge(dependencies, source))).toEqual([]);
    // npm's preview of the install after the write asks for the packuments again (a staged set says
    // nothing about today's registry); the set itself is reused.
    expect(registry.requests.slice(asked).filter((r) => r.path.endsWith('.tgz'))).toEqual([]);
    // Its install scripts never ran.
    for (const suffix of ['', '.pre', '.install']) expect(existsSync(`${marker}${suffix}`)).toBe(false);
  });

  it('says an unreachable registry at the declaring entry instead of a type error, and still judges the rest', async () => {
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as { port: number };
    await new Promise<void>((done) => server.close(() => done()));
    writeFileSync(join(root, '.npmrc'), `registry=http://127.0.0.1:${port}/\n`);
    const tree = badge(
      [{ name: 'gate-tiny-classes', version: '^2.0.0' }],
      "import { classes } from 'gate-tiny-classes';\n\nexport default function Badge() {\n  return <span className={classes('badge')} />;\n}\n",
    );
    addToTree(tree, 'typo', {}, { 'lib/typo.ts': "export const n: number = 'one';\n" });
    expect(await check(tree)).toEqual([
      expect.stringMatching(
        /^FARM_E090 plugin "@t\/badge" \(libs\/plugins\/badge\/plugin\.json \/frontend\/dependencies\/0\): npm cannot install gate-tiny-classes@\^2\.0\.0 .*ECONNREFUSED/s,
      ),
      expect.stringMatching(/^FARM_E106 plugin "@t\/typo" \(libs\/plugins\/typo\/lib\/typo\.ts:1:14\)/),
    ]);
    expect(readdirSync(root).sort()).toEqual(['.npmrc', 'apps', 'node_modules', 'workspace.json']);
  });

  // Issue 12: a package's own types can augment a module the app uses, or declare globals; they
  // reach the app's whole once npm installs it, so the gate reads the whole app with them.
  it.each([
    ['refuses', 'farmTrack: string', 1],
    ['accepts', 'farmTrack?: string', 0],
  ])(
    '%s a package whose .d.ts augments react-router (%s) under the app’s <Link>, as the app’s tsc does',
    async (_, prop, errors) => {
      const types = `import 'react-router';\ndeclare module 'react-router' {\n  interface LinkProps {\n    ${prop};\n  }\n}\nexport declare const tracking: true;\n`;
      const name = `gate-router-tracking-${errors}`;
      registry.publish(
        { name, version: '1.0.0', types: 'index.d.ts' },
        { 'index.d.ts': types, 'index.js': 'module.exports = {};\n' },
      );
      mkdirSync(join(root, 'apps/frontend/src'), { recursive: true });
      writeFileSync(
        join(root, 'apps/frontend/src/nav.tsx'),
        'import { Link } from \'react-router\';\n\nexport const Nav = () => <Link to="/">home</Link>;\n',
      );
      const tree = badge(
        [{ name, version: '^1.0.0' }],
        `import { tracking } from '${name}';\n\nexport default function Badge() {\n  return <span>{String(tracking)}</span>;\n}\n`,
      );
      const found = await check(tree);
      // The app after the install: the package where npm puts it, the change written.
      mkdirSync(join(root, 'node_modules', name));
      writeFileSync(
        join(root, 'node_modules', name, 'package.json'),
        JSON.stringify({ name, version: '1.0.0', types: 'index.d.ts' }),
      );
      writeFileSync(join(root, 'node_modules', name, 'index.d.ts'), types);
      commit(tree);
      const app = appTypecheckErrors(root);
      expect([found.length, app.length]).toEqual([errors, errors]);
      if (errors) {
        expect(found[0]).toMatch(
          new RegExp(
            `^FARM_E106 plugin "@t/badge" \\(libs/plugins/badge/plugin\\.json /frontend/dependencies/0\\): npm package ${name} \\(.*index\\.d\\.ts\\) break the frontend app's code at apps/frontend/src/nav\\.tsx:3:\\d+: TS2741: Property 'farmTrack' is missing`,
          ),
        );
        expect(app[0]).toMatch(/apps\/frontend\/src\/nav\.tsx\(3,\d+\): error TS2741/);
      }
    },
  );

  it('still refuses an import of a package nobody declares', async () => {
    const tree = badge(
      [{ name: 'gate-tiny-tokens', version: '^1.0.0' }],
      "import type { Token } from 'gate-tiny-tokens';\nimport pad from 'farm-test-undeclared-pad';\n\nexport default function Badge({ label }: { label: Token }) {\n  return <span>{pad(label)}</span>;\n}\n",
    );
    expect(await check(tree)).toEqual([
      expect.stringMatching(
        /^FARM_E106 plugin "@t\/badge" \(libs\/plugins\/badge\/components\/Badge\.tsx:2:17\): the frontend does not type-check: TS2307: Cannot find module 'farm-test-undeclared-pad'/,
      ),
    ]);
  });
});
