import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { pythonExecutable } from '../src/workspace-io/runtimes';
import { createTempWorkspace, type TempWorkspace } from '../src/testing/temp-workspace';

/** The real nx CLI over a throwaway copy of this workspace: graph, validate, typegen, integrate. */
describe('FARM plugins in a real Nx workspace', () => {
  let ws: TempWorkspace;
  beforeAll(() => {
    ws = createTempWorkspace();
  });
  afterAll(() => ws.dispose());

  it('infers a project per plugin and edges plugin → plugin and app → plugin', () => {
    const shown = ws.nx(['show', 'projects', '--json']);
    expect(JSON.parse(shown.output.slice(shown.output.indexOf('['), shown.output.lastIndexOf(']') + 1)).sort()).toEqual(
      expect.arrayContaining(['ai-chat', 'auth', 'backend', 'frontend']),
    );
    expect(ws.nx(['graph', '--file=graph.json']).status).toBe(0);
    const { graph } = ws.json('graph.json');
    const edges = (from: string) => graph.dependencies[from].map((d: { target: string }) => d.target).sort();
    expect(edges('ai-chat')).toEqual(['auth']);
    expect(edges('frontend')).toEqual(['ai-chat', 'auth']);
    expect(edges('backend')).toEqual(['ai-chat', 'auth']);
    expect(graph.nodes.auth.data.tags).toEqual(['farm:plugin', 'farm:frontend', 'farm:backend']);
    expect(graph.nodes['ai-chat'].data.tags).toContain('farm:ai');
  });

  it("validate's inputs, as the graph plugin infers them, cover the runtimes and the tool (here outside the workspace: its version)", () => {
    const shown = ws.nx(['show', 'project', 'auth', '--json']);
    const { inputs } = JSON.parse(shown.output.slice(shown.output.indexOf('{'), shown.output.lastIndexOf('}') + 1))
      .targets.validate;
    expect(inputs).toEqual(
      expect.arrayContaining([
        '^default',
        '{workspaceRoot}/workspace.json',
        { runtime: '.venv/bin/python --version' },
        { runtime: `node -p "require('@farm/plugins/package.json').version"` },
      ]),
    );
  });

  it('validates the official plugins, then hits the cache', () => {
    const first = ws.nx(['run-many', '-t', 'validate']);
    expect(first.status).toBe(0);
    const second = ws.nx(['run-many', '-t', 'validate']);
    expect(second.output).toMatch(
      /Nx read the output from the cache instead of running the command for 2 out of 2 tasks/,
    );
  });

  it('validate runs as one batch by default, reporting per task exactly what separate runs report', () => {
    ws.updateJson(
      'libs/plugins/auth/plugin.json',
      (m) => void (m.backend.routers.ghost = { path: './routers/ghost.py', prefix: '/ghost' }),
    );
    try {
      const perTask = (output: string) =>
        output
          .split('\n')
          .filter((line) => /FARM_E|valid;|^- \S+:validate/.test(line))
          .sort();
      const batched = ws.nx(['run-many', '-t', 'validate', '--skip-nx-cache', '--outputStyle=static']);
      const separate = ws.nx([
        'run-many',
        '-t',
        'validate',
        '--skip-nx-cache',
        '--outputStyle=static',
        '--batch=false',
      ]);
      expect(batched.status).toBe(1);
      expect(batched.output).toMatch(/Running 2 tasks with @farm\/plugins:validate/);
      expect(separate.output).not.toMatch(/Running \d+ tasks with/);
      expect(perTask(batched.output)).toEqual(perTask(separate.output));
      expect(perTask(batched.output)).toEqual(
        expect.arrayContaining([
          '- auth:validate',
          expect.stringMatching(/^FARM_E057 .*routers\/ghost\/path/),
          expect.stringMatching(/^libs\/plugins\/ai-chat\/plugin.json: valid;/),
        ]),
      );
    } finally {
      ws.updateJson('libs/plugins/auth/plugin.json', (m) => void delete m.backend.routers.ghost);
    }
  });

  it('integrates both hosts; a second run writes nothing and comes from the cache', () => {
    expect(ws.nx(['run-many', '-t', 'integrate']).status).toBe(0);
    const files = [
      'apps/backend/src/plugins/integration.py',
      'apps/backend/src/plugins/ai_config.py',
      'apps/frontend/src/plugins/routes.tsx',
    ];
    const before = files.map((f) => [ws.read(f), statSync(join(ws.root, f)).mtimeMs]);
    expect(ws.nx(['run-many', '-t', 'integrate', '--skip-nx-cache', '--outputStyle=static']).output).toMatch(
      /0 file\(s\) written/,
    );
    const cached = ws.nx(['run-many', '-t', 'integrate']);
    expect(cached.output).toMatch(/for 2 out of 2 tasks/);
    expect(files.map((f) => [ws.read(f), statSync(join(ws.root, f)).mtimeMs])).toEqual(before);
  });

  it('deactivating ai-chat removes its wiring and keeps auth', () => {
    ws.updateJson('workspace.json', (w) => void (w.plugins['@farm/ai-chat'].active = false));
    expect(ws.nx(['run', 'backend:integrate']).status).toBe(0);
    const integration = ws.read('apps/backend/src/plugins/integration.py');
    expect(integration).not.toContain('chat_router');
    expect(integration).toContain('app.include_router(auth_router_auth_router, prefix="/auth"');
    expect(ws.read('apps/backend/src/plugins/ai_config.py')).toMatch(
      /def setup_ai_providers\(router: AIRouter\) -> None:\n.*\n {4}pass\n/,
    );
    ws.updateJson('workspace.json', (w) => void (w.plugins['@farm/ai-chat'].active = true));
  });

  it('typegen writes config types that tsc and python accept', () => {
    expect(ws.nx(['run', 'auth:typegen']).status).toBe(0);
    const file = join(ws.root, 'libs/plugins/auth/generated/config.ts');
    const program = ts.createProgram([file], { strict: true, noEmit: true, skipLibCheck: true });
    expect(ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual(
      [],
    );
    // The backend's Python and pydantic 2, as the app will import the model.
    const python = spawnSync(
      pythonExecutable,
      ['-c', 'import config_model as m; print(m.PluginConfig.model_validate({"jwt": {"secret": "s"}}).jwt.expiration)'],
      { cwd: join(ws.root, 'libs/plugins/auth/generated'), encoding: 'utf8' },
    );
    expect({ out: python.stdout.trim(), err: python.stderr }).toEqual({ out: '24h', err: '' });
  });

  it('typegen refuses a configSchema that points at a file, naming the $ref, and writes nothing', () => {
    const original = ws.read('libs/plugins/auth/plugin.json');
    ws.updateJson(
      'libs/plugins/auth/plugin.json',
      (m) => void (m.configSchema.properties.leak = { $ref: '/etc/passwd' }),
    );
    try {
      const run = ws.nx(['run', 'auth:typegen', '--skip-nx-cache']);
      expect(run.status).toBe(1);
      expect(run.output).toMatch(
        /FARM_E005 plugin "@farm\/auth" \(libs\/plugins\/auth\/plugin\.json:\d+:\d+ \/configSchema\/properties\/leak\/\$ref\):\n\s+\/configSchema\/properties\/leak\/\$ref points outside the configSchema/,
      );
      expect(ws.read('libs/plugins/auth/generated/config.ts')).not.toContain('leak');
    } finally {
      ws.write('libs/plugins/auth/plugin.json', original);
    }
  });

  it.each([
    [
      'bad JSON',
      (m: string) => m.replace('"version": "1.0.0",', '"version": "1.0.0"'),
      /FARM_E002 plugin "auth" \(libs\/plugins\/auth\/plugin\.json:\d+:\d+\)/,
      ['auth'],
    ],
    [
      'a wrong type',
      (m: string) => m.replace('"license": "MIT"', '"license": 7'),
      /FARM_E003 plugin "@farm\/auth" \(libs\/plugins\/auth\/plugin\.json:\d+:\d+ \/license\):\n\s+\/license must be a string\n\s+fix: use a string here/,
      ['auth'],
    ],
    [
      'a cycle',
      (m: string) =>
        m.replace(
          '"farmVersion": "^1.0.0",',
          '"farmVersion": "^1.0.0", "dependencies": [{"name": "@farm/ai-chat", "version": "^1.0.0"}],',
        ),
      /FARM_E025 plugin "@farm\/ai-chat"[\s\S]*dependency cycle: @farm\/ai-chat → @farm\/auth → @farm\/ai-chat/,
      ['ai-chat', 'auth'],
    ],
    [
      'an unmet range',
      (m: string) => m.replace('"version": "1.0.0"', '"version": "0.9.0"'),
      /FARM_E021 plugin "@farm\/ai-chat" \(libs\/plugins\/ai-chat\/plugin\.json:\d+:\d+ \/dependencies\/0\/version\):\n\s+needs @farm\/auth \^1\.0\.0 but 0\.9\.0 is installed\n\s+fix: nx g @farm\/plugins:update auth/,
      ['ai-chat'],
    ],
    [
      'a conflict',
      (m: string) => m.replace('"farmVersion": "^1.0.0",', '"farmVersion": "^1.0.0", "conflicts": ["@farm/ai-chat"],'),
      /FARM_E024 plugin "@farm\/auth"[\s\S]*conflicts with @farm\/ai-chat/,
      ['ai-chat', 'auth'],
    ],
  ])('validate fails on %s, naming plugin, file, pointer and fix', (_what, breakManifest, expected, involved) => {
    const original = ws.read('libs/plugins/auth/plugin.json');
    ws.write('libs/plugins/auth/plugin.json', breakManifest(original));
    try {
      const run = ws.nx(['run-many', '-t', 'validate', '--skip-nx-cache', '--outputStyle=static']);
      expect(run.status).not.toBe(0);
      expect(run.output).toMatch(expected);
      // Every plugin involved fails its own validate, so `nx affected` reports it wherever it is edited.
      const failed = run.output.slice(run.output.indexOf('Failed tasks:'));
      for (const project of involved) expect(failed).toContain(`- ${project}:validate`);
    } finally {
      ws.write('libs/plugins/auth/plugin.json', original);
    }
  });
});
