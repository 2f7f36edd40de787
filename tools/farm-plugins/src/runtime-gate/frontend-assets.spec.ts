import type { Tree } from '@nx/devkit';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FarmError } from '../core/errors';
import { loadFarmState } from '../core/state';
import { repoRoot } from '../testing/temp-workspace';
import { treeWorkspace } from '../workspace-io/tree-workspace';
import { changedPlugins } from './changed-plugins';
import { checkFrontendAssets } from './frontend-assets';

// Nx's own FsTree over a real folder, as `nx g` uses it: what the change brings exists only in the Tree.
const { FsTree } = require('nx/src/generators/tree');

const manifest = (name: string, styles: string[]) =>
  JSON.stringify({
    name: `@farm/plugin-${name}`,
    version: '1.0.0',
    description: name,
    author: 't',
    license: 'MIT',
    farmVersion: '^1.0.0',
    frontend: { components: { Logo: { path: './components/Logo.tsx' } }, styles },
  });
const workspace = (active: string[]) =>
  JSON.stringify({
    farmVersion: '1.0.0',
    environment: 'development',
    plugins: Object.fromEntries(
      active.map((name) => [
        `@farm/plugin-${name}`,
        { source: { type: 'workspace', spec: `libs/plugins/${name}` }, version: '1.0.0', active: true, config: {} },
      ]),
    ),
  });

describe('checkFrontendAssets: the plugins a change brings, read through the Tree', () => {
  let root: string;
  let tree: Tree;
  const onDisk = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'farm-frontend-assets-'));
    symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
    // Already there and active: its broken sheet is not this change's to judge.
    onDisk('libs/plugins/old/plugin.json', manifest('old', ['./styles/old.css']));
    onDisk('libs/plugins/old/components/Logo.tsx', 'export default function Logo() { return null; }\n');
    onDisk('libs/plugins/old/styles/old.css', '.old { color: red');
    onDisk('workspace.json', workspace(['old']));
    tree = new FsTree(root, false);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('refuses a missing image and a broken declared sheet of the added plugin, none of the old one', async () => {
    tree.write('libs/plugins/new/plugin.json', manifest('new', ['./styles/new.css']));
    tree.write(
      'libs/plugins/new/components/Logo.tsx',
      "import logo from './logo.png';\n\nexport default function Logo() {\n  return <img src={logo} />;\n}\n",
    );
    tree.write('libs/plugins/new/styles/new.css', '.a { color: red');
    tree.write('workspace.json', workspace(['old', 'new']));
    const state = loadFarmState(treeWorkspace(tree));
    expect(changedPlugins(tree, state).map((m) => m.manifest.name)).toEqual(['@farm/plugin-new']);
    const refused = await checkFrontendAssets(tree, state, 'apps/frontend').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(FarmError);
    expect((refused as FarmError).problems.map((p) => `${p.code} ${p.file}:${p.line}:${p.column}`)).toEqual([
      'FARM_E138 libs/plugins/new/components/Logo.tsx:1:18',
      'FARM_E139 libs/plugins/new/styles/new.css:1:1',
    ]);
  });

  it("refuses preprocessor sheets whose compiler the app lacks (Vite's build fails), at each use; declaring it passes", async () => {
    const withStyles = (dependencies: { name: string; version: string }[]) => {
      const json = JSON.parse(manifest('new', ['./styles/theme.less']));
      json.frontend.dependencies = dependencies;
      tree.write('libs/plugins/new/plugin.json', JSON.stringify(json));
    };
    withStyles([]);
    tree.write(
      'libs/plugins/new/components/Logo.tsx',
      "import './logo.scss';\nimport raw from './logo.scss?raw';\nexport default () => raw;\n",
    );
    tree.write('libs/plugins/new/components/logo.scss', '$c: red;\n.a { color: $c; }\n');
    tree.write('libs/plugins/new/styles/theme.less', '@c: red;\n.b { color: @c; }\n');
    tree.write('workspace.json', workspace(['old', 'new']));
    const refused = await checkFrontendAssets(tree, loadFarmState(treeWorkspace(tree)), 'apps/frontend').then(
      () => undefined,
      (error: unknown) => error as FarmError,
    );
    // The ?raw import hands Vite's compiler nothing: not refused.
    expect(refused?.problems.map((p) => `${p.code} ${p.file}:${p.line ?? p.pointer}:${p.column ?? ''}`)).toEqual([
      'FARM_E142 libs/plugins/new/plugin.json:/frontend/styles/0:',
      'FARM_E142 libs/plugins/new/components/Logo.tsx:1:8',
    ]);
    expect(refused?.problems[1]!.message).toBe(
      'libs/plugins/new/components/logo.scss is compiled by Vite\'s build with sass-embedded or sass, which the app does not have: TypeScript lets it through and `nx run frontend:build` fails (Vite: Preprocessor dependency "sass-embedded" not found)',
    );
    withStyles([
      { name: 'sass', version: '^1.80.0' },
      { name: 'less', version: '^4.2.0' },
    ]);
    await expect(checkFrontendAssets(tree, loadFarmState(treeWorkspace(tree)), 'apps/frontend')).resolves.toBe(
      undefined,
    );
  });

  it("refuses imports of packages' files Vite's resolver does not find, at the specifier; a declared package not installed yet is the install's", async () => {
    const json = JSON.parse(manifest('new', []));
    json.frontend.dependencies = [{ name: 'farm-declared-later', version: '^1.0.0' }];
    tree.write('libs/plugins/new/plugin.json', JSON.stringify(json));
    tree.write(
      'libs/plugins/new/components/Logo.tsx',
      [
        "import 'farm-no-such-package/dist/style.css';",
        "import 'react-dom/theme.css';",
        "import 'farm-declared-later/dist/style.css';",
        "import env from 'vite/dist/client/env.mjs?url';",
        'export default () => env;',
        '',
      ].join('\n'),
    );
    tree.write('workspace.json', workspace(['old', 'new']));
    const refused = await checkFrontendAssets(tree, loadFarmState(treeWorkspace(tree)), 'apps/frontend').then(
      () => undefined,
      (error: unknown) => error as FarmError,
    );
    expect(refused?.problems.map((p) => `${p.code} ${p.file}:${p.line}:${p.column}`)).toEqual([
      'FARM_E138 libs/plugins/new/components/Logo.tsx:1:8',
      'FARM_E138 libs/plugins/new/components/Logo.tsx:2:8',
    ]);
    expect(refused?.problems[0]!.message).toContain(
      'imports "farm-no-such-package/dist/style.css", which Vite does not resolve: the package farm-no-such-package is not installed, and the plugin does not declare it',
    );
    expect(refused?.problems[0]!.fix).toContain('declare farm-no-such-package in plugin.json frontend.dependencies');
    // Vite's own words: react-dom's package.json "exports" lists no such file.
    expect(refused?.problems[1]!.message).toContain('"./theme.css" is not exported under the conditions');
    expect(refused?.problems[1]!.message).toContain('"production"');
  });

  it('passes the plugin once the image is there and the sheet is closed', async () => {
    tree.write('libs/plugins/new/plugin.json', manifest('new', ['./styles/new.css']));
    tree.write('libs/plugins/new/components/Logo.tsx', "import logo from './logo.png';\nexport default () => logo;\n");
    tree.write('libs/plugins/new/components/logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    tree.write('libs/plugins/new/styles/new.css', '.a { color: red }\n');
    tree.write('workspace.json', workspace(['old', 'new']));
    await expect(checkFrontendAssets(tree, loadFarmState(treeWorkspace(tree)), 'apps/frontend')).resolves.toBe(
      undefined,
    );
  });
});
