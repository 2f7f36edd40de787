import { resolve } from 'node:path';
import { startRemoteCacheServer, type RemoteCacheServerOptions } from './remote-cache-server';

export const cacheServerUsage = `Usage: node tools/farm-plugins/src/dev/remote-cache/bin.js [options]

A self-hosted Nx remote cache (GET/PUT /v1/cache/{hash}). Point Nx at it with
  NX_SELF_HOSTED_REMOTE_CACHE_SERVER=http://<host>:<port>
  NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN=<token>

Options:
  --host <address>   default 127.0.0.1 (put TLS in front before exposing it)
  --port <port>      default 3000
  --dir <path>       artifact folder (default .nx-remote-cache)
Environment:
  NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN   the read-write token (required unless --no-auth)
  FARM_CACHE_READ_ONLY_TOKENS                comma-separated read-only tokens (PR builds)
  --no-auth                                  accept every request (local experiments only)`;

export function parseCacheServerArgs(argv: readonly string[], env: NodeJS.ProcessEnv): RemoteCacheServerOptions | 'help' {
  const options: RemoteCacheServerOptions = { host: '127.0.0.1', port: 3000, storageDir: resolve('.nx-remote-cache') };
  let auth = true;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => inline ?? argv[++i] ?? '';
    if (flag === '-h' || flag === '--help') return 'help';
    else if (flag === '--host') options.host = value();
    else if (flag === '--port') options.port = Number(value());
    else if (flag === '--dir') options.storageDir = resolve(value());
    else if (flag === '--no-auth') auth = false;
    else throw new Error(`unknown option ${flag}\n\n${cacheServerUsage}`);
  }
  if (!Number.isInteger(options.port) || options.port! < 0 || options.port! > 65_535) throw new Error('--port needs a port number');
  if (auth) {
    options.token = env.NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN;
    options.readOnlyTokens = (env.FARM_CACHE_READ_ONLY_TOKENS ?? '').split(',').map((t) => t.trim()).filter(Boolean);
    if (!options.token) throw new Error('set NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN (or pass --no-auth for a local experiment)');
  }
  return options;
}

export async function cacheServerMain(argv: readonly string[], env = process.env): Promise<number> {
  const options = parseCacheServerArgs(argv, env);
  if (options === 'help') {
    console.log(cacheServerUsage);
    return 0;
  }
  const server = await startRemoteCacheServer(options);
  console.log(`Nx remote cache on ${server.url} (artifacts in ${options.storageDir}${options.token ? '' : ', no auth'}) — Ctrl-C stops`);
  await new Promise<void>((done) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => done());
  });
  await server.close();
  return 0;
}
