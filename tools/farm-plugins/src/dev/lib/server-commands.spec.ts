import { backendCommand, frontendCommand } from './server-commands';
import { repoRoot } from '../../testing/temp-workspace';

describe('server commands', () => {
  it('uvicorn: reload over the app and the plugins, on the given interface, mongomock by default', () => {
    const backend = backendCommand({
      workspaceRoot: '/w',
      projectRoot: 'apps/backend',
      host: '127.0.0.1',
      port: 8100,
      python: '/w/.venv/bin/python',
    });
    expect([backend.command, ...backend.args].join(' ')).toBe(
      '/w/.venv/bin/python -m uvicorn main:app --app-dir apps/backend/src --host 127.0.0.1 --port 8100 --reload --reload-dir apps/backend/src --reload-dir libs/plugins --reload-delay 0.1',
    );
    expect(backend.env).toMatchObject({
      FARM_WORKSPACE_ROOT: '/w',
      PYTHONUNBUFFERED: '1',
      PYTHONDONTWRITEBYTECODE: '1',
    });
    expect(backend.env.FARM_DATABASE).toBe(process.env.FARM_DATABASE ?? 'mongomock');
    expect(backend.readyUrl).toBe('http://127.0.0.1:8100/health');
  });

  it("vite: the workspace's own vite, strict port, /api proxied to the backend", () => {
    const frontend = frontendCommand({
      workspaceRoot: repoRoot,
      projectRoot: 'apps/frontend',
      host: '127.0.0.1',
      port: 5200,
      backendUrl: 'http://127.0.0.1:8100',
    });
    expect(frontend.command).toBe(process.execPath);
    expect(frontend.args[0]).toMatch(/node_modules\/vite\/bin\/vite\.js$/);
    expect(frontend.args.slice(1)).toEqual([
      'apps/frontend',
      '--host',
      '127.0.0.1',
      '--port',
      '5200',
      '--strictPort',
      '--clearScreen',
      'false',
    ]);
    expect(frontend.env).toEqual({ FARM_BACKEND_URL: 'http://127.0.0.1:8100' });
  });
});
