import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadManifest } from '../../src/core/manifest';
import { createTempWorkspace, type TempWorkspace } from '../../src/testing/temp-workspace';

/** The build executor through the real nx CLI, over a throwaway copy of this workspace. */
describe('@farm/plugins:build', () => {
  let ws: TempWorkspace;
  beforeAll(() => {
    ws = createTempWorkspace();
  });
  afterAll(() => ws.dispose());

  const put = (path: string, contents: string) => {
    mkdirSync(dirname(join(ws.root, path)), { recursive: true });
    writeFileSync(join(ws.root, path), contents);
  };
  const files = (dir: string): string[] => {
    const out: string[] = [];
    const walk = (rel: string) => {
      for (const child of readdirSync(join(ws.root, dir, rel)).sort()) {
        const path = rel ? `${rel}/${child}` : child;
        if (statSync(join(ws.root, dir, path)).isDirectory()) walk(path);
        else out.push(path);
      }
    };
    walk('');
    return out;
  };

  it('packs an official plugin: JS + .d.ts, Python without tests, assets, a package.json made from plugin.json', () => {
    put('libs/plugins/auth/tests/test_tokens.py', 'def test_nothing():\n    pass\n');
    put('libs/plugins/auth/components/LoginForm.spec.tsx', 'export {};\n');
    const result = ws.nx(['run', 'auth:build']);
    expect(result.output).toMatch(
      /packed @farm\/auth@1\.0\.0 → dist\/libs\/plugins\/auth \(\d+ compiled, 8 Python, 1 other file\(s\)\)/,
    );
    expect(result.status).toBe(0);

    const out = 'dist/libs/plugins/auth';
    const built = files(out);
    expect(built).toEqual(
      expect.arrayContaining([
        'auth.css',
        'components/LoginForm.js',
        'components/LoginForm.d.ts',
        'pages/LoginPage.js',
        'hooks/useAuth.js',
        'routers/auth.py',
        'middleware/auth.py',
        'package.json',
        'plugin.json',
      ]),
    );
    expect(built.filter((f) => /tests\/|\.spec\.|\.tsx?$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
    expect(ws.read(`${out}/components/LoginForm.js`)).toMatch(/from "react\/jsx-runtime"/);
    expect(ws.read(`${out}/components/LoginForm.d.ts`)).toContain('export default function LoginForm');

    expect(ws.json(`${out}/package.json`)).toEqual({
      name: '@farm/auth',
      version: '1.0.0',
      description: 'Authentication and authorization plugin',
      license: 'MIT',
      author: 'FARM Team',
      type: 'module',
      keywords: ['farm-plugin'],
      files: readdirSync(join(ws.root, out))
        .filter((f) => f !== 'package.json')
        .sort(),
    });
    // The packed manifest names the compiled modules, and every file it names is in the package.
    const { loaded, problems } = loadManifest(ws.read(`${out}/plugin.json`), `${out}/plugin.json`);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(loaded!.manifest.frontend!.components!.LoginForm!.path).toBe('./components/LoginForm.js');
    const declared = [
      ...Object.values(loaded!.manifest.frontend!.components!),
      ...Object.values(loaded!.manifest.frontend!.hooks!),
      ...Object.values(loaded!.manifest.backend!.routers!),
    ].map((e) => e.path);
    expect(declared.filter((p) => !existsSync(join(ws.root, out, p)))).toEqual([]);
  });

  it('points main at the compiled entry, whose lifecycle hooks still load', () => {
    expect(ws.nx(['g', '@farm/plugins:create', 'weather', '--no-interactive']).status).toBe(0);
    const result = ws.nx(['run', 'weather:build']);
    expect(result.status).toBe(0);
    const pkg = ws.json('dist/libs/plugins/weather/package.json');
    expect(pkg).toMatchObject({
      name: '@farm/plugin-weather',
      main: 'src/index.js',
      types: 'src/index.d.ts',
      type: 'module',
      keywords: ['farm-plugin'],
    });
    expect(pkg.files).toEqual(expect.arrayContaining(['components', 'plugin.json', 'routers', 'src']));
    expect(pkg.files).not.toContain('tests');
    // Run as the generators run hooks (fenced, in a child process), from plain Node.
    const probe = `const { runLifecycleHooks } = require(${JSON.stringify(require.resolve('../../generators/lib/lifecycle'))});
      const lines = []; const log = (l) => lines.push(l);
      const context = { config: {}, pluginConfig: {}, farmVersion: '1.0.0', environment: 'development', logger: { info: log, warn: log, error: log, debug: log }, tree: { root: ${JSON.stringify(ws.root)}, listChanges: () => [] }, plugin: { name: 'w', version: '1', root: 'libs/plugins/weather' } };
      runLifecycleHooks({ dir: ${JSON.stringify(join(ws.root, 'dist/libs/plugins/weather'))}, root: 'libs/plugins/weather' }, ['onInstall'], context).then(() => console.log(lines.join('|')), (e) => console.error(e.message));`;
    const loaded = spawnSync(process.execPath, ['-r', '@swc-node/register', '-e', probe], {
      cwd: ws.root,
      encoding: 'utf8',
    });
    expect(loaded.stderr).not.toMatch(/Error|FARM_E/);
    expect(loaded.stdout.trim()).toBe('w: onInstall|w@1 installed');
  });

  it('compiles imports of declared dependencies without packing them, and refuses undeclared ones', () => {
    const result = ws.nx(['run', 'ai-chat:build']);
    expect(result.status).toBe(0);
    expect(ws.read('dist/libs/plugins/ai-chat/hooks/useAIModels.js')).toContain("from '../../auth/hooks/useAuth'");
    expect(existsSync(join(ws.root, 'dist/libs/plugins/ai-chat/auth'))).toBe(false);

    put(
      'libs/plugins/rogue/plugin.json',
      JSON.stringify({
        name: '@farm/plugin-rogue',
        version: '1.0.0',
        description: 'd',
        author: 'a',
        license: 'MIT',
        farmVersion: '^1.0.0',
      }),
    );
    put(
      'libs/plugins/rogue/hooks/useRogue.ts',
      "import { useAuth } from '../../auth/hooks/useAuth';\nexport const useRogue = useAuth;\n",
    );
    const rogue = ws.nx(['run', 'rogue:build']);
    expect(rogue.status).not.toBe(0);
    expect(rogue.output).toContain(
      'imports files of auth/ (@farm/auth) without declaring it in plugin.json dependencies or peerDependencies',
    );
  });

  it('fails on a type error, naming the file and line, and on a package.json that disagrees with plugin.json', () => {
    put(
      'libs/plugins/broken/plugin.json',
      JSON.stringify({
        name: '@farm/plugin-broken',
        version: '1.0.0',
        description: 'd',
        author: 'a',
        license: 'MIT',
        farmVersion: '^1.0.0',
      }),
    );
    put('libs/plugins/broken/lib/x.ts', 'export const n: number = "not a number";\n');
    const broken = ws.nx(['run', 'broken:build']);
    expect(broken.status).not.toBe(0);
    expect(broken.output).toMatch(/lib\/x\.ts\(1,14\): error TS2322: Type 'string' is not assignable to type 'number'/);

    put('libs/plugins/broken/lib/x.ts', 'export const n: number = 1;\n');
    put('libs/plugins/broken/package.json', JSON.stringify({ name: '@farm/plugin-broken', version: '2.0.0' }));
    const mismatch = ws.nx(['run', 'broken:build']);
    expect(mismatch.status).not.toBe(0);
    expect(mismatch.output).toContain('package.json version "2.0.0" differs from plugin.json version "1.0.0"');
  });

  it('refuses two files that would land on one package file, naming both, before tsc says an unlocated TS5056', () => {
    put(
      'libs/plugins/cards/plugin.json',
      JSON.stringify({
        name: '@farm/plugin-cards',
        version: '1.0.0',
        description: 'd',
        author: 'a',
        license: 'MIT',
        farmVersion: '^1.0.0',
        frontend: { components: { Card: { path: './components/Card.tsx' } } },
      }),
    );
    put('libs/plugins/cards/components/Card.tsx', 'export default function Card() {\n  return <p>card</p>;\n}\n');
    put('libs/plugins/cards/components/Card.ts', 'export interface CardProps {\n  title: string;\n}\n');
    // A stale compiled file beside a source would silently replace what the build compiles.
    put('libs/plugins/cards/hooks/useCard.ts', 'export const useCard = () => 1;\n');
    put('libs/plugins/cards/hooks/useCard.js', 'export const useCard = () => 0;\n');
    const result = ws.nx(['run', 'cards:build']);
    expect(result.status).not.toBe(0);
    expect(result.output).not.toContain('TS5056');
    expect(result.output).toContain(
      'FARM_E108 plugin "@farm/plugin-cards" (libs/plugins/cards/components/Card.ts):\n' +
        '  libs/plugins/cards/components/Card.ts and libs/plugins/cards/components/Card.tsx would both be written to components/Card.js in the package',
    );
    expect(result.output).toContain(
      'FARM_E108 plugin "@farm/plugin-cards" (libs/plugins/cards/hooks/useCard.js):\n' +
        '  libs/plugins/cards/hooks/useCard.js and libs/plugins/cards/hooks/useCard.ts would both be written to hooks/useCard.js',
    );
    expect(existsSync(join(ws.root, 'dist/libs/plugins/cards'))).toBe(false);

    // Renamed as the fix says, it packs.
    rmSync(join(ws.root, 'libs/plugins/cards/hooks/useCard.js'));
    renameSync(
      join(ws.root, 'libs/plugins/cards/components/Card.ts'),
      join(ws.root, 'libs/plugins/cards/components/card-props.ts'),
    );
    const fixed = ws.nx(['run', 'cards:build']);
    expect(fixed.output).toContain('packed @farm/plugin-cards@1.0.0');
    expect(files('dist/libs/plugins/cards')).toEqual(
      expect.arrayContaining(['components/Card.js', 'components/card-props.js', 'hooks/useCard.js']),
    );
  });
});
