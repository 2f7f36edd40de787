import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { venvPython } from '../python-env';
import type { TempWorkspace } from './temp-workspace';

/**
 * GETs each path from a workspace's generated FastAPI app in-process (Starlette's TestClient, on
 * mongomock), as the backend serves it: status and JSON body (null when the body is not JSON) per
 * path, in order. Throws with Python's stderr when the app does not import.
 */
export function backendGet(ws: TempWorkspace, paths: string[]): { status: number; body: unknown }[] {
  const script = [
    'import json, sys',
    'from fastapi.testclient import TestClient',
    'from main import app',
    'client = TestClient(app)',
    'def body(r):',
    '    try:',
    '        return r.json()',
    '    except ValueError:',
    '        return None',
    'print(json.dumps([{"status": r.status_code, "body": body(r)} for r in map(client.get, sys.argv[1:])]))',
  ].join('\n');
  const run = spawnSync(venvPython(ws.root), ['-c', script, ...paths], {
    cwd: join(ws.root, 'apps/backend/src'),
    encoding: 'utf8',
    env: { ...process.env, FARM_DATABASE: 'mongomock', PYTHONDONTWRITEBYTECODE: '1' },
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}
