import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { packLocalPackage } from '../testing/local-npm-tarball';
import { createTempWorkspace, type TempWorkspace } from '../testing/temp-workspace';

// The documented workflow for an npm package a plugin ships in its own folder (docs/security.md,
// "npm packages a plugin declares"): the spec `file:libs/plugins/<name>/vendor/x-1.0.0.tgz`, read
// from the workspace root as package.json reads it, for a plugin that lives OUTSIDE the workspace
// until `add` copies it in. Real nx, real npm, a local tarball, the app's own typecheck as judge.
jest.setTimeout(300_000);

describe('a plugin outside the workspace shipping its npm package as file:libs/plugins/<name>/vendor/…', () => {
  let ws: TempWorkspace;
  let away: string;
  let folder: string;
  let tarball: string;
  beforeAll(() => {
    ws = createTempWorkspace({ withApps: true, ownNodeModules: true, gitInit: true });
    away = mkdtempSync(join(tmpdir(), 'farm-vendored-src-'));
    folder = join(away, 'weather');
    tarball = packLocalPackage(join(folder, 'vendor'), 'weather-units', '1.0.0', {
      'index.js': 'exports.celsius = (f) => ((f - 32) * 5) / 9;\n',
      'index.d.ts': 'export declare function celsius(fahrenheit: number): number;\n',
    });
    const files: Record<string, string> = {
      'plugin.json': JSON.stringify({
        name: '@rev/weather',
        version: '1.0.0',
        description: 'weather (e2e)',
        author: 'e2e',
        license: 'MIT',
        farmVersion: '^1.0.0',
        frontend: {
          components: { WeatherBadge: { path: './components/Badge.tsx' } },
          dependencies: [{ name: 'weather-units', version: `file:libs/plugins/weather/vendor/${basename(tarball)}` }],
        },
      }),
      'package.json': JSON.stringify({ name: '@rev/weather', version: '1.0.0', license: 'MIT' }),
      'components/Badge.tsx':
        "import { celsius } from 'weather-units';\n\nexport default function WeatherBadge() {\n  return <span>{celsius(212).toFixed(0)}</span>;\n}\n",
    };
    for (const [path, contents] of Object.entries(files)) {
      mkdirSync(dirname(join(folder, path)), { recursive: true });
      writeFileSync(join(folder, path), contents);
    }
  });
  afterAll(() => {
    ws?.dispose();
    rmSync(away, { recursive: true, force: true });
  });

  it('validates in place, is added, installed, and type-checks in the app', () => {
    const validated = ws.farm(['plugin', 'validate', folder]);
    expect(validated.output).not.toMatch(/FARM_E\d+/);
    expect(validated.status).toBe(0);

    const added = ws.nx(['g', '@farm/plugins:add', folder]);
    expect(added.output).not.toMatch(/FARM_E\d+ error/);
    expect(added.status).toBe(0);
    expect(JSON.parse(ws.read('package.json')).dependencies['weather-units']).toBe(
      `file:libs/plugins/weather/vendor/${basename(tarball)}`,
    );
    expect(readFileSync(join(ws.root, 'node_modules/weather-units/index.d.ts'), 'utf8')).toMatch(/celsius/);
    // The source folder is left as it was; the gate's copy of the Tree is a cache.
    expect(existsSync(join(folder, 'node_modules'))).toBe(false);

    const typecheck = execFileSync('npx', ['nx', 'run', 'frontend:typecheck', '--skip-nx-cache'], {
      cwd: ws.root,
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false' },
    });
    expect(typecheck).toMatch(/frontend:typecheck/);
  });

  it('is added the same way from the npm tarball of the plugin (its package read from the tarball)', () => {
    const rain = join(away, 'rain');
    const vendored = packLocalPackage(join(rain, 'vendor'), 'rain-units', '1.0.0', {
      'index.js': 'exports.mm = (inches) => inches * 25.4;\n',
      'index.d.ts': 'export declare function mm(inches: number): number;\n',
    });
    const files: Record<string, string> = {
      'plugin.json': JSON.stringify({
        name: '@rev/rain',
        version: '1.0.0',
        description: 'rain (e2e)',
        author: 'e2e',
        license: 'MIT',
        farmVersion: '^1.0.0',
        frontend: {
          components: { RainBadge: { path: './components/Badge.tsx' } },
          dependencies: [{ name: 'rain-units', version: `file:libs/plugins/rain/vendor/${basename(vendored)}` }],
        },
      }),
      'package.json': JSON.stringify({ name: '@rev/rain', version: '1.0.0', license: 'MIT' }),
      'components/Badge.tsx':
        "import { mm } from 'rain-units';\n\nexport default function RainBadge() {\n  return <span>{mm(1)}</span>;\n}\n",
    };
    for (const [path, contents] of Object.entries(files)) {
      mkdirSync(dirname(join(rain, path)), { recursive: true });
      writeFileSync(join(rain, path), contents);
    }
    const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', away], {
      cwd: rain,
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .at(-1)!;
    rmSync(rain, { recursive: true, force: true });

    const added = ws.nx(['g', '@farm/plugins:add', join(away, packed)]);
    expect(added.output).not.toMatch(/FARM_E\d+ error/);
    expect(added.status).toBe(0);
    expect(readFileSync(join(ws.root, 'node_modules/rain-units/index.d.ts'), 'utf8')).toMatch(/mm/);
  });

  it('adds a plugin copied into libs/plugins by hand when named by that folder (not FARM_E007 against itself)', () => {
    mkdirSync(join(ws.root, 'libs/plugins/clock'), { recursive: true });
    ws.write(
      'libs/plugins/clock/plugin.json',
      JSON.stringify({
        name: '@rev/clock',
        version: '1.0.0',
        description: 'clock (e2e)',
        author: 'e2e',
        license: 'MIT',
        farmVersion: '^1.0.0',
      }),
    );
    const added = ws.nx(['g', '@farm/plugins:add', 'libs/plugins/clock']);
    expect(added.output).not.toMatch(/FARM_E007/);
    expect(added.output).toMatch(/added @rev\/clock@1\.0\.0 → libs\/plugins\/clock/);
    expect(added.status).toBe(0);
    expect(JSON.parse(ws.read('workspace.json')).plugins['@rev/clock'].source).toEqual({
      type: 'workspace',
      spec: 'libs/plugins/clock',
    });
  });
});
