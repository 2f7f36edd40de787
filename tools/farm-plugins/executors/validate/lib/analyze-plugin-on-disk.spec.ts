import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { formatProblems } from '../../../src/core/errors';
import { loadManifest } from '../../../src/core/manifest';
import { loadFarmState } from '../../../src/core/state';
import { validatePlugin } from '../../../src/core/validate';
import { diskWorkspace } from '../../../src/workspace-io';
import { analyzePluginOnDisk, analyzePluginsOnDisk } from './analyze-plugin-on-disk';
import { maxSourceBytes } from './collect-plugin-sources';

const repoRoot = join(__dirname, '../../../../..');

describe('validate: the official plugins', () => {
  const state = loadFarmState(diskWorkspace(repoRoot));
  it.each(['libs/plugins/auth', 'libs/plugins/ai-chat'])(
    '%s passes clean: manifest, graph, code, exports and policy',
    (root) => {
      const loaded = state.manifests.find((m) => m.root === root)!;
      const analysis = analyzePluginOnDisk(repoRoot, loaded);
      expect(formatProblems(validatePlugin(state, root, { analysis }))).toBe('');
      expect(analysis.files.length).toBeGreaterThan(10);
      expect(analysis.files.some((f) => f.endsWith('.py'))).toBe(true);
      expect(analysis.files.some((f) => f.endsWith('.tsx'))).toBe(true);
      expect(analysis.files.some((f) => f.includes('/generated/'))).toBe(false);
    },
  );

  it('analyzing both in one batch (one Python process) gives each exactly its own analysis', () => {
    const loaded = ['libs/plugins/ai-chat', 'libs/plugins/auth'].map((root) =>
      state.manifests.find((m) => m.root === root)!,
    );
    expect(analyzePluginsOnDisk(repoRoot, loaded)).toEqual(loaded.map((m) => analyzePluginOnDisk(repoRoot, m)));
  });
});

describe('analyzePluginOnDisk', () => {
  let ws: string;
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(ws, file)), { recursive: true });
    writeFileSync(join(ws, file), text);
  };
  beforeAll(() => {
    ws = mkdtempSync(join(tmpdir(), 'farm-analyze-'));
    write('outside/secret.tsx', 'export default () => null;\n');
    write('libs/plugins/p/components/Ok.tsx', 'export default function Ok() { return null; }\n');
    symlinkSync(join(ws, 'outside/secret.tsx'), join(ws, 'libs/plugins/p/components/Link.tsx'));
    symlinkSync(join(ws, 'outside'), join(ws, 'libs/plugins/p/linked-dir'));
    write('libs/plugins/p/routers/r.py', 'from fastapi import APIRouter\nimport subprocess\nr = APIRouter()\n');
    write('libs/plugins/p/lib/bad.ts', `eval('x');\n`);
    // Not the plugin's own code, or tests: never analyzed.
    for (const skipped of [
      'node_modules/x/index.js',
      'generated/config.ts',
      'dist/index.js',
      '__pycache__/r.py',
      'tests/test_r.py',
      'lib/bad.spec.ts',
      'test_x.py',
      'lib/x_test.py',
    ]) {
      write(`libs/plugins/p/${skipped}`, skipped.endsWith('.py') ? 'eval("x")\n' : `eval('x');\n`);
    }
    write('libs/plugins/p/lib/huge.ts', `export const s = "${'x'.repeat(maxSourceBytes)}";\n`);
    write(
      'libs/plugins/p/plugin.json',
      JSON.stringify({
        name: '@farm/p',
        version: '1.0.0',
        description: 'p',
        author: 'a',
        license: 'MIT',
        farmVersion: '^1.0.0',
        frontend: {
          components: {
            Ok: { path: './components/Ok.tsx' },
            Link: { path: './components/Link.tsx' },
            Dir: { path: './linked-dir/secret.tsx' },
          },
        },
        backend: { routers: { r: { path: './routers/r.py', prefix: '/r' } } },
      }),
    );
  });
  afterAll(() => rmSync(ws, { recursive: true, force: true }));

  it('refuses symlinks, skips what is not plugin code, and runs every rule', () => {
    const file = 'libs/plugins/p/plugin.json';
    const { loaded } = loadManifest(diskWorkspace(ws).read(file)!, file);
    const analysis = analyzePluginOnDisk(ws, loaded!);
    expect(analysis.files).toEqual([
      'libs/plugins/p/components/Ok.tsx',
      'libs/plugins/p/lib/bad.ts',
      'libs/plugins/p/routers/r.py',
    ]);
    // Sorted by file, then position.
    expect(
      analysis.problems.map((p) => `${p.code} ${p.file}${p.pointer ? ` ${p.pointer}` : p.line ? `:${p.line}` : ''}`),
    ).toEqual([
      'FARM_E070 libs/plugins/p/lib/bad.ts:1',
      'FARM_E079 libs/plugins/p/lib/huge.ts:1',
      'FARM_E056 libs/plugins/p/plugin.json /frontend/components/Link/path',
      'FARM_E056 libs/plugins/p/plugin.json /frontend/components/Dir/path',
      'FARM_E072 libs/plugins/p/routers/r.py:2',
      // Then what an install would refuse to copy, in path order (docs/security.md#what-a-plugin-package-may-hold).
      'FARM_E110 libs/plugins/p/components/Link.tsx',
      'FARM_E110 libs/plugins/p/linked-dir',
    ]);
    expect(analysis.problems.find((p) => p.pointer === '/frontend/components/Link/path')!.message).toMatch(
      /is a symlink to .*outside\/secret\.tsx, outside the plugin folder/,
    );
  });
});

describe('analyzePluginOnDisk: no folder is exempt once the manifest or the code reaches into it', () => {
  let ws: string;
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(ws, file)), { recursive: true });
    writeFileSync(join(ws, file), text);
  };
  const analyze = (manifest: object) => {
    write(
      'libs/plugins/q/plugin.json',
      JSON.stringify({
        name: '@farm/q',
        version: '1.0.0',
        description: 'q',
        author: 'a',
        license: 'MIT',
        farmVersion: '^1.0.0',
        ...manifest,
      }),
    );
    const { loaded } = loadManifest(
      diskWorkspace(ws).read('libs/plugins/q/plugin.json')!,
      'libs/plugins/q/plugin.json',
    );
    const analysis = analyzePluginOnDisk(ws, loaded!);
    return {
      files: analysis.files,
      findings: analysis.problems
        .filter((p) => p.code >= 'FARM_E070' && p.code <= 'FARM_E077')
        .map((p) => `${p.code} ${p.file}:${p.line}`),
    };
  };
  beforeAll(() => {
    ws = mkdtempSync(join(tmpdir(), 'farm-reach-'));
    // TypeScript reaching into dist/ (then dist/ into .cache/), Python into tests/.
    write(
      'libs/plugins/q/components/Ok.tsx',
      `import { run } from '../dist/evil.js';\nexport default function Ok() { run(); return null; }\n`,
    );
    write(
      'libs/plugins/q/dist/evil.js',
      `import { deeper } from '../.cache/deeper.js';\nexport const run = () => eval('1');\n`,
    );
    write('libs/plugins/q/.cache/deeper.js', `export const deeper = require('child_process');\n`);
    write('libs/plugins/q/dist/unused.js', `eval('never imported');\n`);
    write(
      'libs/plugins/q/routers/r.py',
      'from fastapi import APIRouter\nfrom ..tests.helpers import x\nr = APIRouter()\n',
    );
    write('libs/plugins/q/tests/helpers.py', 'import subprocess\nx = 1\n');
    write('libs/plugins/q/tests/test_r.py', 'eval("a test, never imported")\n');
    // A hook declared inside __tests__/: the whole folder is the plugin's code, test files included.
    write('libs/plugins/q/__tests__/useQ.ts', 'export function useQ() { return 1; }\n');
    write('libs/plugins/q/__tests__/sibling.spec.ts', `eval('in a folder the manifest points into');\n`);
  });
  afterAll(() => rmSync(ws, { recursive: true, force: true }));

  it('analyzes a skipped folder whole once the code imports from it, transitively; others stay skipped', () => {
    const { files, findings } = analyze({
      frontend: { components: { Ok: { path: './components/Ok.tsx' } } },
      backend: { routers: { r: { path: './routers/r.py', prefix: '/r' } } },
    });
    expect(files).toEqual([
      'libs/plugins/q/.cache/deeper.js',
      'libs/plugins/q/components/Ok.tsx',
      'libs/plugins/q/dist/evil.js',
      'libs/plugins/q/dist/unused.js',
      'libs/plugins/q/routers/r.py',
      'libs/plugins/q/tests/helpers.py',
      'libs/plugins/q/tests/test_r.py',
    ]);
    expect(findings).toEqual([
      'FARM_E072 libs/plugins/q/.cache/deeper.js:1',
      'FARM_E070 libs/plugins/q/dist/evil.js:2',
      'FARM_E070 libs/plugins/q/dist/unused.js:1',
      'FARM_E072 libs/plugins/q/tests/helpers.py:1',
      'FARM_E070 libs/plugins/q/tests/test_r.py:1',
    ]);
    // Without the imports, none of it is the plugin's code.
    write('libs/plugins/q/components/Ok.tsx', 'export default function Ok() { return null; }\n');
    write('libs/plugins/q/routers/r.py', 'from fastapi import APIRouter\nr = APIRouter()\n');
    expect(
      analyze({
        frontend: { components: { Ok: { path: './components/Ok.tsx' } } },
        backend: { routers: { r: { path: './routers/r.py', prefix: '/r' } } },
      }),
    ).toEqual({
      files: ['libs/plugins/q/components/Ok.tsx', 'libs/plugins/q/routers/r.py'],
      findings: [],
    });
  });

  it('analyzes a Vite plugin module where the manifest points (a dot-folder here), and refuses one outside the plugin or a package', () => {
    write(
      'libs/plugins/q/.vite/plugin.ts',
      `import { execSync } from 'child_process';\nexport default () => ({ name: 'q', buildStart() { execSync('id'); } });\n`,
    );
    write('outside.js', `export default () => ({ name: 'outside' });\n`);
    const { files, findings } = analyze({ frontend: { vitePlugins: [{ module: './.vite/plugin.ts' }] } });
    expect(files).toContain('libs/plugins/q/.vite/plugin.ts');
    expect(findings.filter((f) => f.includes('/.vite/'))).toEqual(['FARM_E072 libs/plugins/q/.vite/plugin.ts:1']);

    const modules = ['/tmp/x.js', '../../x.js', '../../../outside.js', 'vite-plugin-inspect', './missing.ts'];
    analyze({ frontend: { vitePlugins: modules.map((module) => ({ module })) } });
    const { loaded } = loadManifest(
      diskWorkspace(ws).read('libs/plugins/q/plugin.json')!,
      'libs/plugins/q/plugin.json',
    );
    const located = analyzePluginOnDisk(ws, loaded!)
      .problems.filter((p) => p.pointer?.startsWith('/frontend/vitePlugins/'))
      .map((p) => `${p.code} ${p.pointer}`);
    expect(located).toEqual([
      'FARM_E056 /frontend/vitePlugins/0/module',
      'FARM_E056 /frontend/vitePlugins/1/module',
      'FARM_E056 /frontend/vitePlugins/2/module',
      'FARM_E115 /frontend/vitePlugins/3/module',
      'FARM_E057 /frontend/vitePlugins/4/module',
    ]);
  });

  it('analyzes a skipped folder whole when a declared file lies in it', () => {
    const { files, findings } = analyze({ frontend: { hooks: { useQ: { path: './__tests__/useQ.ts' } } } });
    expect(files).toEqual(
      expect.arrayContaining(['libs/plugins/q/__tests__/sibling.spec.ts', 'libs/plugins/q/__tests__/useQ.ts']),
    );
    expect(findings).toContain('FARM_E070 libs/plugins/q/__tests__/sibling.spec.ts:1');
  });
});

// Issue 12 F11: validate judges what `nx run <plugin>:build` packs, all of the plugin's files, so
// a pair the build refuses with FARM_E108 is refused at validate and add too, not only the pairs
// plugin.json names.
describe('analyzePluginOnDisk: files the package could not hold both (FARM_E108)', () => {
  let ws: string;
  beforeEach(() => {
    ws = mkdtempSync(join(tmpdir(), 'farm-analyze-outputs-'));
  });
  afterEach(() => rmSync(ws, { recursive: true, force: true }));
  const page = 'export default function Home() {\n  return <h1>Home</h1>;\n}\n';
  const plugin = (frontend: object, files: Record<string, string>) => {
    const manifest = JSON.stringify(
      {
        name: '@t/ei',
        version: '1.0.0',
        description: 't',
        author: 't',
        license: 'MIT',
        farmVersion: '^1.0.0',
        frontend,
      },
      null,
      2,
    );
    for (const [file, text] of Object.entries({ ...files, 'plugin.json': manifest })) {
      mkdirSync(dirname(join(ws, 'libs/plugins/ei', file)), { recursive: true });
      writeFileSync(join(ws, 'libs/plugins/ei', file), text);
    }
    const { loaded } = loadManifest(manifest, 'libs/plugins/ei/plugin.json');
    return analyzePluginOnDisk(ws, loaded!).problems.filter((p) => p.code === 'FARM_E108');
  };
  const routeByName = { routes: [{ path: '/ei', component: 'Home' }] };

  it.each([
    ['pages/Home.ts', 'export const home = 1;\n', 'pages/Home.js'],
    ['pages/Home.d.ts', 'declare const Home: () => null;\nexport default Home;\n', 'pages/Home.d.ts'],
  ])('a route page found by its component name, pages/Home.tsx, beside %s', (sibling, text, output) => {
    const problems = plugin(routeByName, { 'pages/Home.tsx': page, [sibling]: text });
    const [first, second] = ['pages/Home.tsx', sibling].sort();
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'FARM_E108',
        plugin: '@t/ei',
        file: `libs/plugins/ei/${first}`,
        message: expect.stringContaining(
          `libs/plugins/ei/${first} and libs/plugins/ei/${second} would both be written to ${output} in the package`,
        ),
      }),
    ]);
  });

  it('a pair no manifest entry names (utils.ts beside utils.tsx, a helper the page imports)', () => {
    const problems = plugin(routeByName, {
      'pages/Home.tsx': `import { title } from '../lib/utils';\n${page}`,
      'lib/utils.ts': 'export const title = "ei";\n',
      'lib/utils.tsx': 'export const title = <b>ei</b>;\n',
    });
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'libs/plugins/ei/lib/utils.ts',
        message: expect.stringContaining('libs/plugins/ei/lib/utils.ts and libs/plugins/ei/lib/utils.tsx would both'),
      }),
    ]);
  });

  it('a declared pair is reported once, at its path in plugin.json', () => {
    const problems = plugin(
      { components: { Card: { path: './components/Card.tsx' } } },
      { 'components/Card.tsx': page, 'components/Card.ts': 'export const x = 1;\n', 'components/Card.js': 'x\n' },
    );
    expect(problems).toEqual([
      expect.objectContaining({ file: 'libs/plugins/ei/plugin.json', pointer: '/frontend/components/Card/path' }),
    ]);
  });

  it('a page alone, and files of one stem the build packs apart (Home.tsx and Home.css, a spec), pass', () => {
    expect(
      plugin(routeByName, {
        'pages/Home.tsx': page,
        'pages/Home.css': 'h1 { color: red; }\n',
        'pages/Home.spec.tsx': 'test("x", () => undefined);\n',
      }),
    ).toEqual([]);
  });
});
