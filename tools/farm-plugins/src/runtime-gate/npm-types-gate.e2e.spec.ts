import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startFakeRegistry, type FakeRegistry } from '../registry/testing/fake-registry';
import { publishGatePackages } from '../testing/gate-npm-packages';
import { commandEnv, createTempWorkspace, repoRoot, type TempWorkspace } from '../testing/temp-workspace';

// Issue 12, as a user meets it: `nx g @farm/plugins:add <folder>` of a plugin that declares an npm
// package the workspace does not have. Real nx, real npm against a registry on 127.0.0.1 for the
// @gate-e2e scope (the workspace's .npmrc), the app's own typecheck as the judge afterwards. nx
// runs as an async child process: the registry answers from this one. Only the scope goes to the
// test registry: npm's install after add also re-extracts a locked package of the workspace
// (semver, nested in the linked tools/farm-plugins), which it takes from its cache (prefer-offline).
jest.setTimeout(300_000);

/** A plugin folder `@farm/plugin-<name>` whose Badge component is `source`, declaring @gate-e2e/gate-tiny-classes. */
function writePlugin(
  folder: string,
  name: string,
  source: string,
  dependency = { name: '@gate-e2e/gate-tiny-classes', version: '^2.0.0' },
): void {
  const files: Record<string, string> = {
    'plugin.json': JSON.stringify({
      name: `@farm/plugin-${name}`,
      version: '1.0.0',
      description: `${name} (e2e)`,
      author: 'e2e',
      license: 'MIT',
      farmVersion: '^1.0.0',
      frontend: {
        components: { [`${name[0]!.toUpperCase()}${name.slice(1)}Badge`]: { path: './components/Badge.tsx' } },
        dependencies: [dependency],
      },
    }),
    'package.json': JSON.stringify({ name: `@farm/plugin-${name}`, version: '1.0.0', license: 'MIT' }),
    'components/Badge.tsx': source,
  };
  for (const [path, contents] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), contents);
  }
}

describe('add of a plugin whose declared npm package is not installed yet', () => {
  let registry: FakeRegistry;
  let ws: TempWorkspace;
  let fixtures: string;
  let env: NodeJS.ProcessEnv;

  /** The real nx CLI in the workspace, spawned asynchronously. */
  function nx(args: string[]): Promise<{ status: number; output: string }> {
    return new Promise((done) => {
      const child = spawn(process.execPath, [join(repoRoot, 'node_modules/nx/dist/bin/nx.js'), ...args], {
        cwd: ws.root,
        env,
      });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      child.on('close', (status) => done({ status: status ?? 1, output }));
    });
  }
  const gitStatus = () => execFileSync('git', ['status', '--porcelain'], { cwd: ws.root, encoding: 'utf8' });

  beforeAll(async () => {
    registry = await startFakeRegistry();
    publishGatePackages(registry, join(tmpdir(), 'farm-npm-types-gate-unused'), '@gate-e2e/');
    // Its peer range stops at React 18; the workspace has React 19 (react-beautiful-dnd@13's case).
    registry.publish(
      {
        name: '@gate-e2e/old-peer',
        version: '1.0.0',
        types: 'index.d.ts',
        peerDependencies: { react: '^16.8.0 || ^17 || ^18' },
      },
      { 'index.d.ts': 'export declare const old: true;\n', 'index.js': 'module.exports = {};\n' },
    );
    ws = createTempWorkspace({ withApps: true, ownNodeModules: true, gitInit: true });
    ws.write('.npmrc', `@gate-e2e:registry=${registry.url}\nprefer-offline=true\n`);
    // As the repo's .gitignore has it: the backend gate's import leaves Python's bytecode caches.
    ws.write('.gitignore', `${ws.read('.gitignore')}__pycache__/\n`);
    execFileSync('git', ['add', '.npmrc', '.gitignore'], { cwd: ws.root });
    execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'npmrc'], { cwd: ws.root });
    fixtures = mkdtempSync(join(tmpdir(), 'farm-npm-types-gate-'));
    env = { ...process.env, ...commandEnv };
  });
  afterAll(async () => {
    ws?.dispose();
    rmSync(fixtures, { recursive: true, force: true });
    await registry?.close();
  });

  it('refuses a name the package does not export, at the import line, and writes nothing', async () => {
    writePlugin(
      join(fixtures, 'typo'),
      'typo',
      "import { clsxx } from '@gate-e2e/gate-tiny-classes';\n\nexport default function Badge() {\n  return <span className={clsxx('badge')} />;\n}\n",
    );
    const added = await nx(['g', '@farm/plugins:add', join(fixtures, 'typo')]);
    expect(added.status).not.toBe(0);
    expect(added.output).toMatch(
      /FARM_E106 plugin "@farm\/plugin-typo" \(libs\/plugins\/typo\/components\/Badge\.tsx:1:10\):\s+the frontend does not type-check: TS2305: Module '"@gate-e2e\/gate-tiny-classes"' has no exported member 'clsxx'/,
    );
    expect(gitStatus()).toBe('');
    expect(existsSync(join(ws.root, 'node_modules/@gate-e2e/gate-tiny-classes'))).toBe(false);
  });

  it("refuses a package whose peer range the workspace's React is outside, as npm install would, and writes nothing", async () => {
    writePlugin(
      join(fixtures, 'oldpeer'),
      'oldpeer',
      "import { old } from '@gate-e2e/old-peer';\n\nexport default function Badge() {\n  return <span>{String(old)}</span>;\n}\n",
      { name: '@gate-e2e/old-peer', version: '^1.0.0' },
    );
    const added = await nx(['g', '@farm/plugins:add', join(fixtures, 'oldpeer')]);
    expect(added.status).not.toBe(0);
    expect(added.output).toMatch(
      /FARM_E102 plugin "@farm\/plugin-oldpeer" \(libs\/plugins\/oldpeer\/plugin\.json \/frontend\/dependencies\/0\):\s+npm cannot install @gate-e2e\/old-peer@\^1\.0\.0 [^]*ERESOLVE/,
    );
    expect(gitStatus()).toBe('');
  });

  it('adds a right import, npm then installs the package, and the app type-checks with it', async () => {
    writePlugin(
      join(fixtures, 'fine'),
      'fine',
      "import { classes } from '@gate-e2e/gate-tiny-classes';\n\nexport default function Badge() {\n  return <span className={classes('badge', false)} />;\n}\n",
    );
    const added = await nx(['g', '@farm/plugins:add', join(fixtures, 'fine')]);
    expect(added.output).not.toMatch(/FARM_E\d+/);
    expect(added.status).toBe(0);
    expect(ws.json('package.json').dependencies['@gate-e2e/gate-tiny-classes']).toBe('^2.0.0');
    const installed = JSON.parse(
      readFileSync(join(ws.root, 'node_modules/@gate-e2e/gate-tiny-classes/package.json'), 'utf8'),
    );
    expect(installed.version).toBe('2.1.0');
    expect(existsSync(join(ws.root, 'node_modules/@gate-e2e/gate-tiny-tokens/package.json'))).toBe(true);
    // The judge the gate stands in for: the app's own typecheck target, now with the real install.
    const typecheck = await nx(['run', 'frontend:typecheck', '--skip-nx-cache']);
    expect(typecheck.output).not.toMatch(/error TS/);
    expect(typecheck.status).toBe(0);
  });
});
