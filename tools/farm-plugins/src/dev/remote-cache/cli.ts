import { resolve } from 'node:path';
import { CommandLineError, parseCommandLine, wholeNumber } from '../../cli/parse-command-line';
import { startRemoteCacheServer, type RemoteCacheServerOptions } from './remote-cache-server';

export const cacheServerUsage = `Usage: node tools/farm-plugins/src/dev/remote-cache/bin.js [options]

A self-hosted Nx remote cache (GET/PUT /v1/cache/{hash}). Point Nx at it with
  NX_SELF_HOSTED_REMOTE_CACHE_SERVER=http://<host>:<port>
  NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN=<token>

Options:
  --host <address>   default 127.0.0.1 (put TLS in front before exposing it)
  --port <port>      default 3000 (0: any free port)
  --dir <path>       artifact folder (default .nx-remote-cache)
  --no-auth          accept every request (local experiments only)
  -h, --help         this text
Environment:
  NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN   the read-write token (required unless --no-auth)
  FARM_CACHE_READ_ONLY_TOKENS                comma-separated read-only tokens (PR builds)`;

const command = 'node tools/farm-plugins/src/dev/remote-cache/bin.js';

/**
 * The cache server's options (parseCommandLine: unknown options, a missing value and stray
 * arguments are errors — `--port` with no value once listened on a random port). `--port 0`
 * asks for any free port. Tokens come from the environment, never the command line (`ps` shows it).
 */
export function parseCacheServerArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): RemoteCacheServerOptions | 'help' {
  const { values } = parseCommandLine(command, argv, {
    host: { type: 'string' },
    port: { type: 'string' },
    dir: { type: 'string' },
    'no-auth': { type: 'boolean' },
  });
  if (values.help) return 'help';
  const options: RemoteCacheServerOptions = {
    host: values.host ?? '127.0.0.1',
    port: values.port === undefined ? 3000 : wholeNumber(command, 'port', values.port, 0, 65_535),
    storageDir: resolve(values.dir ?? '.nx-remote-cache'),
  };
  if (!values['no-auth']) {
    options.token = env.NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN;
    options.readOnlyTokens = (env.FARM_CACHE_READ_ONLY_TOKENS ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    if (!options.token)
      throw new CommandLineError(
        'set NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN (or pass --no-auth for a local experiment)',
      );
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
  console.log(
    `Nx remote cache on ${server.url} (artifacts in ${options.storageDir}${options.token ? '' : ', no auth'}) — Ctrl-C stops`,
  );
  await new Promise<void>((done) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => done());
  });
  await server.close();
  return 0;
}
