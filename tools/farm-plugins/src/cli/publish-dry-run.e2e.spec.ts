import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { commandEnv, createTempWorkspace, repoRoot, type TempWorkspace } from '../testing/temp-workspace';

/** The farm CLI, run asynchronously: the loopback registry lives in this process and must answer. */
function farm(ws: TempWorkspace, args: string[]): Promise<{ status: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repoRoot, 'tools/farm-plugins/bin/farm.js'), ...args], {
      cwd: ws.root,
      env: { ...process.env, ...commandEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('close', (code) => resolve({ status: code ?? 1, output }));
  });
}

// A loopback "registry" that records every request: a dry run must send it nothing to store.
describe('farm plugin publish --dry-run', () => {
  jest.setTimeout(180_000);
  let ws: TempWorkspace;
  let server: Server;
  const requests: string[] = [];

  beforeAll(async () => {
    ws = createTempWorkspace();
    server = createServer((req: IncomingMessage, res) => {
      requests.push(`${req.method} ${req.url}`);
      res.writeHead(404, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => {
    server.close();
    ws?.dispose();
  });

  it('is npm publish --dry-run: the registry is asked, never sent the package', async () => {
    const registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const result = await farm(ws, ['plugin', 'publish', 'auth', '--dry-run', '--registry', registry]);
    expect(result.output).toContain('--dry-run');
    expect(result.output).toContain('(dry run)');
    expect(result.status).toBe(0);
    expect(requests.filter((r) => !r.startsWith('GET'))).toEqual([]);
  });
});
