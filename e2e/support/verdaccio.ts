import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, start, stop, waitForHttp, type Server } from './servers';

// A real Verdaccio for registry round trips: 127.0.0.1 on a free port, no uplinks (nothing is
// proxied to the internet), htpasswd users, @farm/* readable and publishable only with a token.

const repoRoot = resolve(__dirname, '../..');

export interface Verdaccio {
  /** Registry URL, ending in `/`. */
  url: string;
  server: Server;
  /** Creates a user (`PUT /-/user/org.couchdb.user:NAME`) and returns its token. */
  addUser(name: string, password: string): Promise<string>;
  /** Stops the server (by pid) and deletes its storage. */
  dispose(): Promise<void>;
}

export async function startVerdaccio(): Promise<Verdaccio> {
  const dir = mkdtempSync(join(tmpdir(), 'farm-verdaccio-'));
  const port = await freePort();
  const config = join(dir, 'config.yaml');
  writeFileSync(
    config,
    [
      `storage: ${JSON.stringify(join(dir, 'storage'))}`,
      'auth:',
      '  htpasswd:',
      `    file: ${JSON.stringify(join(dir, 'htpasswd'))}`,
      '    max_users: 10',
      'uplinks: {}',
      'packages:',
      "  '@farm/*':",
      '    access: $authenticated',
      '    publish: $authenticated',
      "  '**':",
      '    access: $all',
      '    publish: $authenticated',
      'web:',
      '  enable: false',
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n'),
  );
  const server = start(
    'verdaccio',
    process.execPath,
    [join(repoRoot, 'node_modules/verdaccio/bin/verdaccio'), '--config', config, '--listen', `127.0.0.1:${port}`],
    { cwd: dir },
  );
  const url = `http://127.0.0.1:${port}/`;
  try {
    await waitForHttp(server, `${url}-/ping`, 30_000, (status) => status === 200);
  } catch (error) {
    await stop(server);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    server,
    async addUser(name, password) {
      const res = await fetch(`${url}-/user/org.couchdb.user:${encodeURIComponent(name)}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          _id: `org.couchdb.user:${name}`,
          name,
          password,
          type: 'user',
          roles: [],
          date: new Date().toISOString(),
        }),
        signal: AbortSignal.timeout(10_000),
      });
      const body = (await res.json()) as { token?: string };
      if (res.status !== 201 || !body.token)
        throw new Error(`verdaccio: creating user ${name}: HTTP ${res.status} ${JSON.stringify(body)}`);
      return body.token;
    },
    async dispose() {
      await stop(server);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
