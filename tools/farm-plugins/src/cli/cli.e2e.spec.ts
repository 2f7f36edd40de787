import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { venvPython } from '../python-env';
import { createTempWorkspace, type TempWorkspace } from '../testing/temp-workspace';

/** Calls the generated FastAPI app of a workspace in-process (TestClient), as the backend serves it. */
function backendGet(ws: TempWorkspace, requests: string): unknown {
  const script = `import json\nfrom fastapi.testclient import TestClient\nfrom main import app\nc = TestClient(app)\n${requests}`;
  const result = spawnSync(venvPython(ws.root), ['-c', script], {
    cwd: join(ws.root, 'apps/backend/src'),
    encoding: 'utf8',
    env: { ...process.env, FARM_DATABASE: 'mongomock', PYTHONDONTWRITEBYTECODE: '1' },
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

const status = (ws: TempWorkspace) =>
  execFileSync('git', ['status', '--porcelain'], { cwd: ws.root, encoding: 'utf8' });

describe('farm plugin CLI in a real workspace', () => {
  let ws: TempWorkspace;
  beforeAll(() => {
    ws = createTempWorkspace({ withApps: true, gitInit: true });
  });
  afterAll(() => ws.dispose());

  it('create weather: the backend serves its router and the frontend indexes its component', () => {
    const created = ws.farm(['plugin', 'create', 'weather']);
    expect(created.status).toBe(0);
    expect(ws.nx(['run', 'backend:integrate']).status).toBe(0);
    expect(backendGet(ws, 'print(json.dumps(c.get("/weather").json()))')).toEqual({
      plugin: '@farm/plugin-weather',
      message: 'Hello from weather',
    });
    expect(ws.read('apps/frontend/src/plugins/components/index.ts')).toContain(
      'WeatherWidget: weather_component_WeatherWidget',
    );
    expect(ws.nx(['run', 'weather:validate']).status).toBe(0);
  });

  it('validate takes a plugin by its package or project name as well as a folder', () => {
    for (const target of ['@farm/plugin-weather', 'weather', 'libs/plugins/weather']) {
      const validated = ws.farm(['plugin', 'validate', target]);
      expect({ target, output: validated.output, status: validated.status }).toEqual({
        target,
        output: expect.stringContaining('libs/plugins/weather/plugin.json: valid'),
        status: 0,
      });
    }
    const unknown = ws.farm(['plugin', 'validate', 'no-such-plugin']);
    expect(unknown.status).not.toBe(0);
    expect(unknown.output).toContain(
      'no-such-plugin is neither a folder with a plugin.json nor a plugin of this workspace',
    );
  });

  it('uninstall of a plugin with dependents is refused with their names, and changes nothing', () => {
    execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qam', 'weather', '--allow-empty'], {
      cwd: ws.root,
    });
    execFileSync('git', ['add', '-A'], { cwd: ws.root });
    execFileSync(
      'git',
      ['-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'weather files', '--allow-empty'],
      { cwd: ws.root },
    );
    const refused = ws.farm(['plugin', 'uninstall', 'auth']);
    expect(refused.status).not.toBe(0);
    expect(refused.output).toContain('installed plugins depend on it: @farm/ai-chat');
    expect(status(ws)).toBe('');
  });

  it('a plugin whose onInstall throws leaves git status clean', () => {
    const dir = join(ws.root, '..', `${ws.root.split('/').pop()}-bad`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'plugin.json'),
      JSON.stringify({
        name: '@farm/plugin-bad',
        version: '1.0.0',
        description: 'd',
        author: 'a',
        license: 'MIT',
        farmVersion: '^1.0.0',
      }),
    );
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: '@farm/plugin-bad', main: 'index.js' }));
    writeFileSync(
      join(dir, 'index.js'),
      "exports.onInstall = (ctx) => { ctx.tree.write('touched.txt', 'x'); throw new Error('no database'); };",
    );
    const failed = ws.farm(['plugin', 'install', dir]);
    expect(failed.status).not.toBe(0);
    expect(failed.output).toContain('@farm/plugin-bad onInstall failed: no database. Nothing was changed.');
    expect(status(ws)).toBe('');
  });

  it('a plugin whose onInstall writes outside the Tree and exits leaves git status and the machine unchanged', () => {
    const dir = join(ws.root, '..', `${ws.root.split('/').pop()}-escape`);
    const marker = join(ws.root, '..', `${ws.root.split('/').pop()}-escaped.txt`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'plugin.json'),
      JSON.stringify({
        name: '@farm/plugin-escape',
        version: '1.0.0',
        description: 'd',
        author: 'a',
        license: 'MIT',
        farmVersion: '^1.0.0',
      }),
    );
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: '@farm/plugin-escape', main: 'index.js' }));
    // Paths computed at run time: no finding for the analysis, so only the fence stands in the way.
    writeFileSync(
      join(dir, 'index.js'),
      `const fs = require('fs');
exports.onInstall = (ctx) => {
  ctx.tree.write('touched.txt', 'x');
  try { fs.appendFileSync(ctx.tree.root + '/package.json', 'pwned'); } catch {}
  try { fs.writeFileSync(ctx.tree.root + '/../${marker.split('/').pop()}', 'pwned'); } catch {}
  process.exit(0);
};`,
    );
    // The workspace policy refuses the file writes found in the code; accepting them does not unfence the hook.
    const refused = ws.farm(['plugin', 'install', dir]);
    expect(refused.output).toContain('FARM_E060 plugin "@farm/plugin-escape"');
    const failed = ws.nx([
      'g',
      '@farm/plugins:add',
      dir,
      '--allowSecurityViolations=testing the fence',
      '--no-interactive',
    ]);
    expect(failed.status).not.toBe(0);
    expect(failed.output).toContain(`FARM_E133 plugin "@farm/plugin-escape" (libs/plugins/escape/index.js:4:`);
    expect(failed.output).toContain(
      `@farm/plugin-escape onInstall tried to write ${ws.root}/package.json outside the Tree; the hook fence refused it.`,
    );
    expect(failed.output).toContain(
      `@farm/plugin-escape onInstall called process.exit(0) before the hook settled. Nothing was changed.`,
    );
    expect(status(ws)).toBe('');
    expect(existsSync(marker)).toBe(false);
  });

  it('add auth on a workspace without it installs it and what it needs; the backend serves /auth', () => {
    for (const name of ['weather', 'ai-chat', 'auth']) expect(ws.farm(['plugin', 'uninstall', name]).status).toBe(0);
    expect(Object.keys(ws.json('workspace.json').plugins)).toEqual([]);
    const added = ws.nx(['g', '@farm/plugins:add', 'ai-chat', '--config={"systemPrompt":"hi"}', '--no-interactive']);
    expect(added.status).toBe(0);
    expect(added.output).toContain('pulling in @farm/auth@^1.0.0, needed by @farm/ai-chat');
    ws.updateJson('workspace.json', (w) => void (w.plugins['@farm/auth'].config = { jwt: { secret: 'cli-test' } }));
    expect(ws.nx(['run', 'backend:integrate']).status).toBe(0);
    const body = backendGet(
      ws,
      'r = c.post("/auth/register", json={"email": "a@b.co", "username": "alice", "password": "pw-123456"})\nprint(json.dumps([r.status_code, c.get("/chat/models").status_code]))',
    );
    expect(body).toEqual([201, 401]);
    const listed = JSON.parse(
      ws
        .farm(['plugin', 'list', '--json'])
        .output.trim()
        .split('\n')
        .filter((l) => !l.startsWith('npm warn'))
        .join('\n'),
    );
    expect(listed.map((p: { name: string; source: string }) => `${p.name} ${p.source}`)).toEqual([
      '@farm/ai-chat official:ai-chat',
      '@farm/auth official:@farm/auth',
    ]);
  });
});
