import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCacheServerArgs } from './cli';
import { startRemoteCacheServer, type RemoteCacheServer } from './remote-cache-server';

/** Raw HTTP, so a request can omit Content-Length (fetch always sets it). */
function call(
  server: RemoteCacheServer,
  method: string,
  path: string,
  options: { token?: string; body?: Buffer; contentLength?: string | null } = {},
): Promise<{ status: number; body: Buffer; type?: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.contentLength !== null && options.body)
      headers['content-length'] = options.contentLength ?? String(options.body.length);
    const req = request(`${server.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode!, body: Buffer.concat(chunks), type: res.headers['content-type'] }),
      );
    });
    req.on('error', reject);
    if (options.contentLength === null && options.body) req.setHeader('transfer-encoding', 'chunked');
    req.end(options.body);
  });
}

const artifact = Buffer.from([0x1f, 0x8b, 0, 1, 2, 3, 255]);

describe('Nx self-hosted remote cache server (OpenAPI: GET/PUT /v1/cache/{hash})', () => {
  let server: RemoteCacheServer;
  beforeAll(async () => {
    server = await startRemoteCacheServer({ token: 'rw-token', readOnlyTokens: ['ro-token'] });
  });
  afterAll(() => server.close());

  it('listens on 127.0.0.1 by default', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('stores an artifact and serves the same bytes back', async () => {
    expect((await call(server, 'GET', '/v1/cache/123', { token: 'rw-token' })).status).toBe(404);
    expect((await call(server, 'PUT', '/v1/cache/123', { token: 'rw-token', body: artifact })).status).toBe(200);
    const got = await call(server, 'GET', '/v1/cache/123', { token: 'ro-token' });
    expect(got).toMatchObject({ status: 200, type: 'application/octet-stream' });
    expect(got.body.equals(artifact)).toBe(true);
  });

  it('never overwrites a record (409)', async () => {
    await call(server, 'PUT', '/v1/cache/456', { token: 'rw-token', body: artifact });
    expect(
      (await call(server, 'PUT', '/v1/cache/456', { token: 'rw-token', body: Buffer.from('poison') })).status,
    ).toBe(409);
    expect((await call(server, 'GET', '/v1/cache/456', { token: 'rw-token' })).body.equals(artifact)).toBe(true);
  });

  it.each([
    ['GET without a token → 401', 'GET', undefined, 401],
    ['GET with a wrong token → 401', 'GET', 'nope', 401],
    ['PUT without a token → 401', 'PUT', undefined, 401],
    ['PUT with a read-only token → 403', 'PUT', 'ro-token', 403],
  ])('%s', async (_, method, token, status) => {
    const res = await call(server, method, '/v1/cache/789', { token, body: method === 'PUT' ? artifact : undefined });
    expect(res.status).toBe(status);
    expect(res.body.toString()).not.toBe('');
  });

  it('PUT needs a Content-Length that matches the body (400)', async () => {
    expect(
      (await call(server, 'PUT', '/v1/cache/900', { token: 'rw-token', body: artifact, contentLength: null })).status,
    ).toBe(400);
    expect((await call(server, 'GET', '/v1/cache/900', { token: 'rw-token' })).status).toBe(404);
  });

  it('refuses hashes that are not one path segment, and other methods', async () => {
    expect((await call(server, 'GET', '/v1/cache/..%2F..%2Fetc', { token: 'rw-token' })).status).toBe(404);
    expect((await call(server, 'GET', '/v1/cache/a/b', { token: 'rw-token' })).status).toBe(404);
    expect((await call(server, 'DELETE', '/v1/cache/123', { token: 'rw-token' })).status).toBe(405);
  });

  it('records every answered request', () => {
    expect(server.requests.slice(0, 3)).toEqual([
      { method: 'GET', hash: '123', status: 404 },
      { method: 'PUT', hash: '123', status: 200 },
      { method: 'GET', hash: '123', status: 200 },
    ]);
  });

  it('keeps artifacts on disk across restarts when given a folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'farm-cache-'));
    try {
      const first = await startRemoteCacheServer({ storageDir: dir });
      expect((await call(first, 'PUT', '/v1/cache/42', { body: artifact })).status).toBe(200);
      await first.close();
      expect(readdirSync(dir)).toEqual(['42']);
      const second = await startRemoteCacheServer({ storageDir: dir });
      expect((await call(second, 'GET', '/v1/cache/42')).body.equals(artifact)).toBe(true);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('parseCacheServerArgs', () => {
  it('takes the read-write token from the same variable Nx clients use', () => {
    expect(
      parseCacheServerArgs(['--port=4000', '--dir', '/c'], {
        NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: 't',
        FARM_CACHE_READ_ONLY_TOKENS: 'a, b',
      }),
    ).toEqual({
      host: '127.0.0.1',
      port: 4000,
      storageDir: '/c',
      token: 't',
      readOnlyTokens: ['a', 'b'],
    });
  });

  it.each([
    [['--port'], /Option '--port <value>' argument missing/],
    [['--port', '--no-auth'], /Option '--port' argument is ambiguous/],
    [['--port='], /--port needs a value, got an empty one/],
    [['--host='], /--host needs a value, got an empty one/],
    [['--port', '70000'], /--port needs a whole number from 0 to 65535, got "70000"/],
    [['--dir'], /Option '--dir <value>' argument missing/],
    [['--no-auth=yes'], /Option '--no-auth' does not take an argument/],
    [['--token', 't'], /Unknown option '--token'/],
    [['serve'], /Unexpected argument 'serve'/],
  ])('refuses %j (no random port, no ignored flag)', (argv, message) => {
    expect(() => parseCacheServerArgs(argv, { NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: 't' })).toThrow(message);
  });

  it('--port 0 asks for any free port; -h for the usage', () => {
    expect(parseCacheServerArgs(['--port', '0', '--no-auth'], {})).toMatchObject({ port: 0 });
    expect(parseCacheServerArgs(['-h'], {})).toBe('help');
  });

  it('refuses to run without a token unless told --no-auth', () => {
    expect(() => parseCacheServerArgs([], {})).toThrow(/set NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN/);
    expect(parseCacheServerArgs(['--no-auth'], {})).not.toHaveProperty('token');
  });
});
