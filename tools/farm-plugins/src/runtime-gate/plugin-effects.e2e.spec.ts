import { execFileSync } from 'node:child_process';
import { removeFolderPlugins } from '../testing/folder-plugin';
import { backendGet } from '../testing/backend-get';
import { overriderPlugin, pluginWith, routerClearerAtStartup, uaPlugin } from '../testing/plugins-reaching-others';
import { createTempWorkspace, type TempWorkspace } from '../testing/temp-workspace';

// Issue 12 through the real nx CLI, in a git workspace whose gate keeps a route record (so the
// refusals are found by importing the change with its dependencies, then confirmed by importing
// every active plugin): a plugin emptying another plugin's router or replacing what one of its
// routes runs, at import or at startup (FARM_E144), or importing one it does not declare
// (FARM_E145) is refused and leaves
// `git status` clean; one using a declared dependency is added, and both answer.

/** The status of a GET of each path from the workspace's generated backend. */
const backendStatus = (ws: TempWorkspace, paths: string[]) => backendGet(ws, paths).map((r) => r.status);

const gitStatus = (ws: TempWorkspace) =>
  execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: ws.root, encoding: 'utf8' });

/** Adds and commits, so the next refusal can be judged by `git status`. */
function addAndCommit(ws: TempWorkspace, spec: string, name: string): void {
  const added = ws.nx(['g', '@farm/plugins:add', spec, '--no-interactive']);
  expect({ status: added.status, output: added.output }).toEqual({
    status: 0,
    output: expect.stringContaining(`added ${name}@1.0.0`),
  });
  execFileSync('git', ['add', '-A'], { cwd: ws.root });
  execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', `add ${name}`], { cwd: ws.root });
}

describe("plugins that reach into another plugin's backend", () => {
  jest.setTimeout(600_000);
  let ws: TempWorkspace;
  beforeAll(() => {
    ws = createTempWorkspace({ withApps: true, gitInit: true });
    // As the repo's .gitignore has it: the backend gate's import leaves Python's bytecode caches.
    ws.write('.gitignore', `${ws.read('.gitignore')}__pycache__/\n`);
    addAndCommit(ws, uaPlugin(), '@t/ua');
  });
  afterAll(() => {
    ws?.dispose();
    removeFolderPlugins();
  });

  it("refuses one emptying a declared dependency's router, naming it and its URLs, writing nothing", () => {
    const evil = pluginWith(
      '@t/evil',
      ['from farm_plugins.ua.routers.items import router as items', '', 'items.routes.clear()', ''],
      true,
    );
    const added = ws.nx(['g', '@farm/plugins:add', evil, '--no-interactive']);
    expect(added.status).toBe(1);
    expect(added.output).toMatch(/FARM_E144 plugin "@t\/evil" \(libs\/plugins\/evil\/routers\/own\.py:3\)/);
    expect(added.output).toContain('changes the routes of @t/ua while the backend imports it');
    expect(added.output).toContain('it no longer answers GET /ua/items; POST /ua/items; GET /ua/items/count');
    expect(gitStatus(ws)).toBe('');
    expect(backendStatus(ws, ['/ua/items', '/evil'])).toEqual([200, 404]);
  });

  it("refuses one replacing what a declared dependency's route runs (dependant.call), naming it, writing nothing", () => {
    const rewirer = pluginWith(
      '@t/rewirer',
      [
        'from farm_plugins.ua.routers.items import router as items',
        '',
        '',
        'def mine() -> dict:',
        '    return {"by": "rewirer"}',
        '',
        '',
        'items.routes[0].dependant.call = mine',
        '',
      ],
      true,
    );
    const added = ws.nx(['g', '@farm/plugins:add', rewirer, '--no-interactive']);
    expect(added.status).toBe(1);
    expect(added.output).toMatch(/FARM_E144 plugin "@t\/rewirer" \(libs\/plugins\/rewirer\/routers\/own\.py\)/);
    expect(added.output).toContain(
      'changes the routes of @t/ua while the backend imports it — router farm_plugins.ua.routers.items.router: GET /ua/items was changed (dependant.call)',
    );
    expect(gitStatus(ws)).toBe('');
  });

  it("refuses one whose startup code overrides a declared dependency's dependency, writing nothing", () => {
    const overrider = overriderPlugin();
    const added = ws.nx(['g', '@farm/plugins:add', overrider, '--no-interactive']);
    expect(added.status).toBe(1);
    expect(added.output).toMatch(/FARM_E144 plugin "@t\/overrider" \(libs\/plugins\/overrider\/routers\/own\.py:4\)/);
    expect(added.output).toContain('changes the app when the backend starts');
    expect(gitStatus(ws)).toBe('');
  });

  it("refuses a plugin whose routes an installed plugin's startup code would change, naming that plugin", () => {
    // Accepted alone (nothing of the victim's there yet); its startup runs with every later change.
    const lurker = routerClearerAtStartup('@t/lurker', 'farm_plugins.victim');
    addAndCommit(ws, lurker, '@t/lurker');
    // A gate in between records the lurker as it is on disk, so the next one need not import it.
    addAndCommit(ws, pluginWith('@t/bystander', [], false), '@t/bystander');
    const victim = pluginWith('@t/victim', [], false);
    const added = ws.nx(['g', '@farm/plugins:add', victim, '--no-interactive']);
    expect(added.status).toBe(1);
    expect(added.output).toMatch(/FARM_E144 plugin "@t\/lurker" \(libs\/plugins\/lurker\/routers\/own\.py:5\)/);
    expect(added.output).toContain('changes the routes of @t/victim when the backend starts');
    expect(gitStatus(ws)).toBe('');
  });

  it("refuses a new plugin whose startup code empties a recorded plugin's router found through the app, twice", () => {
    // It imports nothing of ua's, so the record would spare ua's import: new startup code is
    // judged in the whole app. Refused, it is not recorded either: the second try is judged so too.
    const reacher = routerClearerAtStartup('@t/reacher', 'farm_plugins.ua.');
    // A gate in between records ua as it is on disk, so the next one need not import it.
    addAndCommit(ws, pluginWith('@t/passerby', [], false), '@t/passerby');
    for (const attempt of [1, 2]) {
      const added = ws.nx(['g', '@farm/plugins:add', reacher, '--no-interactive']);
      expect({ attempt, status: added.status }).toEqual({ attempt, status: 1 });
      expect(added.output).toMatch(/FARM_E144 plugin "@t\/reacher" \(libs\/plugins\/reacher\/routers\/own\.py:5\)/);
      expect(added.output).toContain('changes the routes of @t/ua when the backend starts');
      expect(gitStatus(ws)).toBe('');
    }
  });

  it('refuses one importing a plugin it does not declare, at the line, writing nothing', () => {
    const sneak = pluginWith('@t/sneak', ['from farm_plugins.ua.routers.deps import page_size', ''], false);
    const added = ws.nx(['g', '@farm/plugins:add', sneak, '--no-interactive']);
    expect(added.status).toBe(1);
    expect(added.output).toMatch(/FARM_E145 plugin "@t\/sneak" \(libs\/plugins\/sneak\/routers\/own\.py:1\)/);
    expect(added.output).toContain('imports farm_plugins.ua.routers.deps of @t/ua');
    expect(gitStatus(ws)).toBe('');
  });

  it("adds one using a declared dependency's modules, and both answer", () => {
    const friend = pluginWith(
      '@t/friend',
      ['from farm_plugins.ua.routers.deps import page_size', '', 'SIZE = page_size()', ''],
      true,
    );
    addAndCommit(ws, friend, '@t/friend');
    expect(backendStatus(ws, ['/ua/items', '/ua/items/count', '/friend'])).toEqual([200, 200, 200]);
  });
});
