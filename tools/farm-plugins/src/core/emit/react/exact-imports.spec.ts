import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as ts from 'typescript';
import { formatProblems } from '../../errors';
import { integrateHost } from '../../integrate';
import { loadFarmState } from '../../state';
import { diskWorkspace } from '../../../workspace-io/disk-workspace';

/**
 * Issue 12 item 7, judged by the real tools: the generated frontend imports each declared file
 * itself, never a sibling of the same stem, as `tsc -p apps/frontend/tsconfig.json` (the app's own
 * tsconfig, copied verbatim) and `vite build` read it.
 */
describe('generated frontend imports reach the declared file exactly', () => {
  const repoRoot = join(__dirname, '../../../../../..');
  const outDir = 'apps/frontend/src/plugins';
  let ws: string;

  // Each declared file returns a marker naming itself; a sibling of the same stem returns another.
  const pluginFiles: Record<string, string> = {
    'components/Card.tsx': `export default function Card(): 'declared Card.tsx' { return 'declared Card.tsx'; }\n`,
    'components/Card.ts': `export default function Card(): 'sibling Card.ts' { return 'sibling Card.ts'; }\n`,
    // Shaped as `nx run <plugin>:build` publishes a component: compiled JS with its declaration.
    'components/Legacy.js': `export default function Legacy() { return 'declared Legacy.js'; }\n`,
    'components/Legacy.d.ts': `export default function Legacy(): 'declared Legacy.js';\n`,
    'hooks/useThing.tsx': `export function useThing(): 'declared useThing.tsx' { return 'declared useThing.tsx'; }\n`,
    'hooks/useThing.ts': `export function useThing(): 'sibling useThing.ts' { return 'sibling useThing.ts'; }\n`,
    'hooks/useMod.mts': `export function useMod(): 'declared useMod.mts' { return 'declared useMod.mts'; }\n`,
    // A page the route finds by its component name (pages/<Component>.tsx comes first).
    'pages/Home.tsx': `export default function Home(): 'declared Home.tsx' { return 'declared Home.tsx'; }\n`,
    'pages/Home.ts': `export default function Home(): 'sibling Home.ts' { return 'sibling Home.ts'; }\n`,
  };
  const manifest = {
    name: '@farm/exact',
    version: '1.0.0',
    description: 'same-stem siblings',
    author: 'tests',
    license: 'MIT',
    farmVersion: '^1.0.0',
    frontend: {
      components: { Card: { path: './components/Card.tsx' }, Legacy: { path: './components/Legacy.js' } },
      hooks: { useThing: { path: './hooks/useThing.tsx' }, useMod: { path: './hooks/useMod.mts' } },
      routes: [{ path: '/home', component: 'Home' }],
    },
  };
  // What app code would do with each: a sibling's type makes these assignments fail.
  const consumer = [
    `import { PluginComponents } from './plugins/components';`,
    `import { PluginHooks } from './plugins/hooks';`,
    `export const card: () => 'declared Card.tsx' = PluginComponents.Card;`,
    `export const legacy: () => 'declared Legacy.js' = PluginComponents.Legacy;`,
    `export const thing: () => 'declared useThing.tsx' = PluginHooks.useThing;`,
    `export const mod: () => 'declared useMod.mts' = PluginHooks.useMod;`,
    '',
  ].join('\n');

  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(ws, path)), { recursive: true });
    writeFileSync(join(ws, path), text);
  };

  beforeAll(() => {
    ws = mkdtempSync(join(tmpdir(), 'farm-exact-imports-'));
    symlinkSync(join(repoRoot, 'node_modules'), join(ws, 'node_modules'));
    write(
      'workspace.json',
      JSON.stringify({
        farmVersion: '1.0.0',
        plugins: {
          '@farm/exact': {
            source: { type: 'workspace', spec: 'libs/plugins/exact' },
            version: '1.0.0',
            active: true,
            config: {},
          },
        },
      }),
    );
    write('libs/plugins/exact/plugin.json', JSON.stringify(manifest, null, 2));
    for (const [file, text] of Object.entries(pluginFiles)) write(`libs/plugins/exact/${file}`, text);
    mkdirSync(join(ws, 'apps/frontend'), { recursive: true });
    copyFileSync(join(repoRoot, 'apps/frontend/tsconfig.json'), join(ws, 'apps/frontend/tsconfig.json'));
    write('apps/frontend/src/check.ts', consumer);

    const host = diskWorkspace(ws);
    const result = integrateHost({
      state: loadFarmState(host),
      host: 'frontend',
      outDir,
      project: 'frontend',
      exists: host.exists,
    });
    if (result.problems.length) throw new Error(formatProblems(result.problems));
    for (const file of result.files) write(file.path, file.contents);
  });

  afterAll(() => rmSync(ws, { recursive: true, force: true }));

  /** Diagnostics of the app's program (its tsconfig: include globs, strict, bundler resolution). */
  function typeCheckApp(): string[] {
    const parsed = ts.getParsedCommandLineOfConfigFile(
      join(ws, 'apps/frontend/tsconfig.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, ' '));
        },
      },
    )!;
    const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
    return ts
      .getPreEmitDiagnostics(program)
      .map(
        (d) => `${d.file?.fileName.slice(ws.length + 1) ?? ''} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
      );
  }

  it('names each file with its extension', () => {
    const components = readFileSync(join(ws, outDir, 'components/index.ts'), 'utf8');
    expect(components).toContain(`from "../../../../../libs/plugins/exact/components/Card.tsx";`);
    expect(components).toContain(`from "../../../../../libs/plugins/exact/components/Legacy.js";`);
    expect(readFileSync(join(ws, outDir, 'routes.tsx'), 'utf8')).toContain(
      `import("../../../../libs/plugins/exact/pages/Home.tsx")`,
    );
  });

  it('type-checks with the app tsconfig against the declared files, not their siblings', () => {
    expect(typeCheckApp()).toEqual([]);
  });

  it('is what makes the check pass: without extensions TypeScript reads the .ts siblings', () => {
    const components = join(ws, outDir, 'components/index.ts');
    const hooks = join(ws, outDir, 'hooks/index.ts');
    const exact = [readFileSync(components, 'utf8'), readFileSync(hooks, 'utf8')];
    try {
      writeFileSync(components, exact[0]!.replace(/\.(tsx|js)";/g, '";'));
      writeFileSync(hooks, exact[1]!.replace(/\.tsx";/g, '";'));
      const diagnostics = typeCheckApp();
      expect(diagnostics).toEqual([
        expect.stringMatching(/^apps\/frontend\/src\/check.ts Type '\(\) => "sibling Card.ts"' is not assignable/),
        expect.stringMatching(/^apps\/frontend\/src\/check.ts Type '\(\) => "sibling useThing.ts"' is not assignable/),
      ]);
    } finally {
      writeFileSync(components, exact[0]!);
      writeFileSync(hooks, exact[1]!);
    }
  });

  it('is built by Vite from the declared files, never from a sibling', () => {
    write(
      'apps/frontend/index.html',
      '<!doctype html><html><body><script type="module" src="/src/main.ts"></script></body></html>\n',
    );
    write(
      'apps/frontend/src/main.ts',
      [
        `import { PluginComponents } from './plugins/components';`,
        `import { PluginHooks } from './plugins/hooks';`,
        `import { pluginRoutes } from './plugins/routes';`,
        `console.log(PluginComponents, PluginHooks, pluginRoutes.map((r) => r.lazy));`,
        '',
      ].join('\n'),
    );
    write(
      'apps/frontend/vite.config.mjs',
      `export default { root: ${JSON.stringify(join(ws, 'apps/frontend'))}, cacheDir: ${JSON.stringify(join(ws, '.vite'))}, logLevel: 'error', build: { outDir: ${JSON.stringify(join(ws, 'dist'))}, minify: false } };\n`,
    );
    const vite = spawnSync(
      process.execPath,
      [join(repoRoot, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(ws, 'apps/frontend/vite.config.mjs')],
      { cwd: ws, encoding: 'utf8', timeout: 120_000 },
    );
    expect(vite.stderr).toBe('');
    expect(vite.status).toBe(0);
    const assets = join(ws, 'dist/assets');
    const bundle = readdirSync(assets)
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(assets, f), 'utf8'))
      .join('\n');
    for (const marker of [
      'declared Card.tsx',
      'declared Legacy.js',
      'declared useThing.tsx',
      'declared useMod.mts',
      'declared Home.tsx',
    ])
      expect(bundle).toContain(marker);
    expect(bundle).not.toMatch(/sibling/);
  }, 120_000);
});
