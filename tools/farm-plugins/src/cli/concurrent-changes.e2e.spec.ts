import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { folderPlugin, removeFolderPlugins } from '../testing/folder-plugin';
import { commandEnv, createTempWorkspace, repoRoot, type TempWorkspace } from '../testing/temp-workspace';

// Issue 12, "safe changes": two `nx g @farm/plugins:add` started together in one workspace. Each
// read workspace.json at its start and committed its own version, so one plugin was lost (its
// folder left unregistered, and re-adding it refused with a wrong FARM_E007). Now the workspace
// lock (.farm/lock) lets one change through and refuses the other at once with FARM_E016.

/** A folder plugin with a FastAPI router whose module takes 3 s to import, so each gate lasts. */
function slowPlugin(name: string): string {
  return folderPlugin(
    `@t/${name}`,
    { backend: { routers: { [`${name}_router`]: { path: `./routers/${name}.py`, prefix: `/${name}` } } } },
    {
      [`routers/${name}.py`]: [
        'import time',
        '',
        'from fastapi import APIRouter',
        '',
        'time.sleep(3)',
        `${name}_router = APIRouter()`,
        '',
      ].join('\n'),
    },
  );
}

/** The real nx CLI in the workspace, without waiting for it (so two run at once). */
function nxAsync(ws: TempWorkspace, args: string[]): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repoRoot, 'node_modules/nx/dist/bin/nx.js'), ...args], {
      cwd: ws.root,
      env: { ...process.env, ...commandEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (status) => resolve({ status, output }));
  });
}

describe('two changes at once (the workspace lock)', () => {
  let ws: TempWorkspace;
  beforeAll(() => {
    ws = createTempWorkspace({ withApps: true, gitInit: true });
  });
  afterAll(() => {
    ws.dispose();
    removeFolderPlugins();
  });

  it('one add goes through, the other is refused with FARM_E016 having written nothing, and succeeds after', async () => {
    const before = Object.keys(ws.json('workspace.json').plugins);
    const folders = { a: slowPlugin('a'), b: slowPlugin('b') };
    const runs = await Promise.all(
      (['a', 'b'] as const).map(async (name) => ({
        name,
        ...(await nxAsync(ws, ['g', '@farm/plugins:add', folders[name], '--no-interactive'])),
      })),
    );
    const added = runs.filter((run) => run.status === 0);
    const refused = runs.filter((run) => run.status !== 0);
    expect(added.map((run) => run.output)).toEqual([expect.stringContaining(`added @t/`)]);
    expect(refused).toHaveLength(1);
    const [winner, loser] = [added[0]!.name, refused[0]!.name];
    expect(refused[0]!.output).toMatch(
      /FARM_E016 \(\.farm\/lock\):\n\s+another command is changing this workspace: process \d+ \(nx g @farm\/plugins:add \S+ --no-interactive\) holds it since \d{4}-\d\d-\d\dT[^]*fix: wait for it to finish/,
    );
    expect(refused[0]!.output).not.toMatch(/added @t\//);

    // Exactly the added one is registered, and git sees only its change (no lock, no loser's folder).
    expect(Object.keys(ws.json('workspace.json').plugins)).toEqual([...before, `@t/${winner}`]);
    const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], {
      cwd: ws.root,
      encoding: 'utf8',
    });
    const paths = status
      .split('\n')
      .filter(Boolean)
      .map((line) => line.slice(3));
    expect(paths).toContain('workspace.json');
    expect(paths).toContain(`libs/plugins/${winner}/plugin.json`);
    expect(paths.filter((path) => path.startsWith(`libs/plugins/${loser}`) || path.startsWith('.farm'))).toEqual([]);

    const again = ws.nx(['g', '@farm/plugins:add', folders[loser], '--no-interactive']);
    expect(again.output).toContain(`added @t/${loser}`);
    expect(again.status).toBe(0);
    expect(Object.keys(ws.json('workspace.json').plugins).sort()).toEqual(
      [...before, `@t/${winner}`, `@t/${loser}`].sort(),
    );
  });
});
