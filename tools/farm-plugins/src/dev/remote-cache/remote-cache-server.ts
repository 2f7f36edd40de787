import { timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/**
 * Nx's self-hosted remote cache protocol (nx.dev "Self-hosted caching", OpenAPI 1.0.0, Nx ≥ 20.8):
 *   GET /v1/cache/{hash} → 200 tar (application/octet-stream) | 404 | 401 | 403
 *   PUT /v1/cache/{hash} (Content-Length required) → 200 | 400 | 401 | 403 | 409 (exists: never overwritten)
 * Bearer token in Authorization. Nx uses it when NX_SELF_HOSTED_REMOTE_CACHE_SERVER (and
 * NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN) are set.
 */
export interface RemoteCacheServerOptions {
  host?: string;
  /** 0 = any free port. */
  port?: number;
  /** Read-write token. Without any token configured, every request is allowed. */
  token?: string;
  /** Tokens that may read but not write (e.g. for pull-request builds: no cache poisoning). */
  readOnlyTokens?: string[];
  /** Where artifacts are kept; in memory when omitted. */
  storageDir?: string;
  /** Larger uploads are refused with 413. Default 512 MiB. */
  maxArtifactBytes?: number;
}

export interface CacheRequest {
  method: string;
  hash: string;
  status: number;
}

export interface RemoteCacheServer {
  url: string;
  port: number;
  /** Every cache request answered, in order. */
  requests: CacheRequest[];
  close(): Promise<void>;
}

const hashPattern = /^[A-Za-z0-9_-]{1,128}$/; // also keeps a hash from naming a path outside storageDir

export async function startRemoteCacheServer(options: RemoteCacheServerOptions = {}): Promise<RemoteCacheServer> {
  const store = options.storageDir ? diskStore(options.storageDir) : memoryStore();
  const maxBytes = options.maxArtifactBytes ?? 512 * 1024 * 1024;
  const requests: CacheRequest[] = [];
  const server = createServer((req, res) => {
    const send = (status: number, body?: Buffer | string, type = 'text/plain') => {
      res.writeHead(
        status,
        body === undefined ? {} : { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) },
      );
      res.end(body);
    };
    const [, hash] = /^\/v1\/cache\/([^/?#]+)$/.exec((req.url ?? '').split('?')[0] ?? '') ?? [];
    if (hash === undefined || !hashPattern.test(hash)) return send(404, 'Not found');
    const answer = (status: number, body?: Buffer | string, type?: string) => {
      requests.push({ method: req.method ?? '?', hash, status });
      send(status, body, type);
    };
    const access = authorize(req, options);
    if (access === 'none') return answer(401, 'Missing or invalid authentication token.');
    if (req.method === 'GET') {
      const artifact = store.get(hash);
      return artifact ? answer(200, artifact, 'application/octet-stream') : answer(404, 'Not found');
    }
    if (req.method === 'PUT') {
      if (access !== 'write') return answer(403, 'Access forbidden: this token is read-only.');
      const length = Number(req.headers['content-length']);
      if (!/^\d+$/.test(req.headers['content-length'] ?? ''))
        return answer(400, 'Missing or invalid Content-Length header.');
      if (length > maxBytes) return answer(413, `Artifact larger than ${maxBytes} bytes.`);
      if (store.has(hash)) return drain(req, () => answer(409, 'Cannot override an existing record.'));
      return readBody(req, length, (error, body) => {
        if (error) return answer(400, error.message);
        store.put(hash, body!);
        answer(200);
      });
    }
    res.setHeader('Allow', 'GET, PUT');
    answer(405, 'Method not allowed');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    port,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

type Access = 'none' | 'read' | 'write';

function authorize(req: IncomingMessage, options: RemoteCacheServerOptions): Access {
  const readOnly = options.readOnlyTokens ?? [];
  if (!options.token && !readOnly.length) return 'write';
  const presented = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (!presented) return 'none';
  if (options.token && sameSecret(presented, options.token)) return 'write';
  return readOnly.some((t) => sameSecret(presented, t)) ? 'read' : 'none';
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function readBody(req: IncomingMessage, expected: number, done: (error: Error | null, body?: Buffer) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= expected) chunks.push(chunk);
  });
  req.on('end', () =>
    size === expected
      ? done(null, Buffer.concat(chunks))
      : done(new Error(`Content-Length says ${expected} bytes, received ${size}.`)),
  );
  req.on('error', (error) => done(error));
}

function drain(req: IncomingMessage, then: () => void): void {
  req.resume();
  req.on('end', then);
}

interface Store {
  has(hash: string): boolean;
  get(hash: string): Buffer | undefined;
  put(hash: string, body: Buffer): void;
}

function memoryStore(): Store {
  const items = new Map<string, Buffer>();
  return { has: (h) => items.has(h), get: (h) => items.get(h), put: (h, b) => void items.set(h, b) };
}

function diskStore(dir: string): Store {
  mkdirSync(dir, { recursive: true });
  return {
    has: (h) => existsSync(join(dir, h)),
    get: (h) => (existsSync(join(dir, h)) ? readFileSync(join(dir, h)) : undefined),
    put(h, body) {
      // temp + rename: a concurrent GET never sees half an artifact
      const temp = join(dir, `.${h}.${process.pid}.${Date.now()}.tmp`);
      writeFileSync(temp, body);
      renameSync(temp, join(dir, h));
    },
  };
}
