import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createTempWorkspace, type TempWorkspace } from '../testing/temp-workspace';

// Issue 12, "valid means works", as a user meets it: TypeScript passes `import logo from
// './logo.png'` (vite/client declares `*.png`) and knows nothing of a plugin's CSS, so without
// the asset check `add` said yes and `nx run frontend:build` failed. Real nx, real Vite build.
jest.setTimeout(300_000);

// A PNG of one transparent pixel.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

/** A plugin folder `@farm/plugin-<name>`: a Logo component and a declared stylesheet, plus `files`. */
function writePlugin(folder: string, name: string, files: Record<string, string | Buffer>): void {
  const all: Record<string, string | Buffer> = {
    'plugin.json': JSON.stringify({
      name: `@farm/plugin-${name}`,
      version: '1.0.0',
      description: `${name} (e2e)`,
      author: 'e2e',
      license: 'MIT',
      farmVersion: '^1.0.0',
      frontend: {
        components: { [`${name[0]!.toUpperCase()}${name.slice(1)}Logo`]: { path: './components/Logo.tsx' } },
        styles: [`./styles/${name}.css`],
      },
    }),
    'package.json': JSON.stringify({ name: `@farm/plugin-${name}`, version: '1.0.0', license: 'MIT' }),
    'components/Logo.tsx':
      'import logo from \'./logo.png\';\n\nexport default function Logo() {\n  return <img className="logo" src={logo} alt="" />;\n}\n',
    [`styles/${name}.css`]: '.logo { width: 1px; background: url(../components/logo.png) }\n',
    ...files,
  };
  for (const [path, contents] of Object.entries(all)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), contents);
  }
}

describe('add of a plugin whose files the Vite build needs', () => {
  let ws: TempWorkspace;
  let fixtures: string;
  const gitStatus = () => execFileSync('git', ['status', '--porcelain'], { cwd: ws.root, encoding: 'utf8' });

  beforeAll(() => {
    ws = createTempWorkspace({ withApps: true, gitInit: true });
    // As the repo's .gitignore has it: the backend gate's import leaves Python's bytecode caches.
    ws.write('.gitignore', `${ws.read('.gitignore')}__pycache__/\ndist/\n`);
    execFileSync('git', ['add', '.gitignore'], { cwd: ws.root });
    execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'ignore'], { cwd: ws.root });
    fixtures = mkdtempSync(join(tmpdir(), 'farm-assets-gate-'));
  });
  afterAll(() => {
    ws?.dispose();
    rmSync(fixtures, { recursive: true, force: true });
  });

  it('refuses an import of a png that is not there, at the import, and writes nothing', () => {
    writePlugin(join(fixtures, 'nopng'), 'nopng', {});
    const added = ws.nx(['g', '@farm/plugins:add', join(fixtures, 'nopng')]);
    expect(added.status).not.toBe(0);
    expect(added.output).toMatch(
      /FARM_E138 plugin "@farm\/plugin-nopng" \(libs\/plugins\/nopng\/components\/Logo\.tsx:1:18\):\s+imports "\.\/logo\.png", but libs\/plugins\/nopng\/components\/logo\.png does not exist/,
    );
    // Its stylesheet's url() names the same missing file.
    expect(added.output).toMatch(
      /FARM_E140 plugin "@farm\/plugin-nopng" \(libs\/plugins\/nopng\/styles\/nopng\.css:1:/,
    );
    expect(gitStatus()).toBe('');
  });

  it("refuses a declared stylesheet with an unclosed block, at postcss's place, and writes nothing", () => {
    writePlugin(join(fixtures, 'opencss'), 'opencss', {
      'components/logo.png': png,
      'styles/opencss.css': '.logo { width: 1px;\n.a { color: red\n',
    });
    const added = ws.nx(['g', '@farm/plugins:add', join(fixtures, 'opencss')]);
    expect(added.status).not.toBe(0);
    expect(added.output).toMatch(
      /FARM_E139 plugin "@farm\/plugin-opencss" \(libs\/plugins\/opencss\/styles\/opencss\.css:2:1\):\s+the stylesheet does not parse \(postcss[^)]*\): Unclosed block/,
    );
    expect(gitStatus()).toBe('');
  });

  it('adds a plugin whose png is there and whose CSS parses, and the real Vite build ships both', () => {
    writePlugin(join(fixtures, 'fine'), 'fine', { 'components/logo.png': png });
    const added = ws.nx(['g', '@farm/plugins:add', join(fixtures, 'fine')]);
    expect(added.output).not.toMatch(/FARM_E\d+/);
    expect(added.status).toBe(0);
    const built = ws.nx(['run', 'frontend:build', '--skip-nx-cache']);
    expect(built.output).not.toMatch(/error during build/);
    expect(built.status).toBe(0);
    const assets = readdirSync(join(ws.root, 'dist/apps/frontend/assets'));
    const css = assets
      .filter((f) => f.endsWith('.css'))
      .map((f) => readFileSync(join(ws.root, 'dist/apps/frontend/assets', f), 'utf8'))
      .join('\n');
    expect(css).toMatch(/\.logo\{[^}]*url\(data:image\/png;base64,iVBOR/);
  });

  it('the real build fails on what the gate refuses, and validate says it at the same places', () => {
    // The added plugin broken on disk, past the gate: the judge the gate stands in for.
    ws.write('libs/plugins/fine/styles/fine.css', '.logo { width: 1px;\n.a { color: red\n');
    const broken = ws.nx(['run', 'frontend:build', '--skip-nx-cache']);
    expect(broken.status).not.toBe(0);
    expect(broken.output).toMatch(/lightningcss minify|Unclosed block|CssSyntaxError/);
    rmSync(join(ws.root, 'libs/plugins/fine/components/logo.png'));
    const validated = ws.farm(['plugin', 'validate', 'libs/plugins/fine']);
    expect(validated.status).not.toBe(0);
    expect(validated.output).toMatch(/FARM_E138 [^\n]*\(libs\/plugins\/fine\/components\/Logo\.tsx:1:18\)/);
    expect(validated.output).toMatch(/FARM_E139 [^\n]*\(libs\/plugins\/fine\/styles\/fine\.css:2:1\)/);
    const missingPngBuild = (() => {
      ws.write('libs/plugins/fine/styles/fine.css', '.logo { width: 1px }\n');
      return ws.nx(['run', 'frontend:build', '--skip-nx-cache']);
    })();
    expect(missingPngBuild.status).not.toBe(0);
    expect(missingPngBuild.output).toMatch(/logo\.png/);
  });
});
