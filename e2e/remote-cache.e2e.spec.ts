import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import {
  startRemoteCacheServer,
  type RemoteCacheServer,
} from '../tools/farm-plugins/src/dev/remote-cache/remote-cache-server';
import { copyWorkspace, type WorkspaceCopy } from './support/workspace-copy';

// Issue 7 (CI): the Nx cache works across machines. Clone A runs integrate + validate and uploads
// to a self-hosted remote cache (Nx's OpenAPI protocol, our server); clone B, fresh, with a fresh
// local cache and no generated code, gets every task from the remote with identical outputs.

const token = 'e2e-secret-token';
const readOnlyToken = 'e2e-pull-request-token';
const generatedDirs = ['apps/backend/src/plugins', 'apps/frontend/src/plugins'];
let server: RemoteCacheServer;
let cloneA: WorkspaceCopy;
let cloneB: WorkspaceCopy;
let tasks = 0;
let uploaded = new Set<string>();

const remoteEnv = (accessToken = token): NodeJS.ProcessEnv => ({
  NX_SELF_HOSTED_REMOTE_CACHE_SERVER: server.url,
  NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: accessToken,
  CI: 'true',
});
const runTasks = (clone: WorkspaceCopy, accessToken?: string) =>
  clone.nx(['run-many', '-t', 'integrate,validate', '--outputStyle=static', '--parallel=2'], remoteEnv(accessToken));

function files(clone: WorkspaceCopy): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(clone.path(dir)).sort()) {
      const rel = `${dir}/${name}`;
      if (statSync(clone.path(rel)).isDirectory()) walk(rel);
      else out[rel] = readFileSync(clone.path(rel), 'utf8');
    }
  };
  generatedDirs.forEach(walk);
  return out;
}

beforeAll(async () => {
  server = await startRemoteCacheServer({ token, readOnlyTokens: [readOnlyToken] });
  cloneA = copyWorkspace('farm-cache-a-');
  cloneB = copyWorkspace('farm-cache-b-');
  // Clone B starts without generated code: only the remote cache can give it back.
  for (const dir of generatedDirs) rmSync(cloneB.path(dir), { recursive: true, force: true });
});

afterAll(async () => {
  await server?.close();
  cloneA?.dispose();
  cloneB?.dispose();
});

test('clone A: every integrate and validate task misses, runs, and is uploaded', async () => {
  const run = await runTasks(cloneA);
  expect(run.status).toBe(0);
  const puts = server.requests.filter((r) => r.method === 'PUT');
  tasks = puts.length;
  uploaded = new Set(puts.map((r) => r.hash));
  expect(tasks).toBeGreaterThanOrEqual(4); // backend + frontend integrate, validate per plugin
  expect(puts.every((r) => r.status === 200)).toBe(true);
  expect(server.requests.filter((r) => r.method === 'GET').map((r) => r.status)).toEqual(Array(tasks).fill(404));
  expect(run.output).toMatch(new RegExp(`Successfully ran targets integrate, validate for \\d+ projects`));
}, 120_000);

test('clone B (fresh clone, fresh local cache): every task is a remote hit, outputs identical', async () => {
  expect(existsSync(cloneB.path('.nx'))).toBe(false);
  const before = server.requests.length;
  const run = await runTasks(cloneB);
  expect(run.status).toBe(0);
  expect(run.output).toMatch(
    new RegExp(`read the output from the cache instead of running the command for ${tasks} out of ${tasks} tasks`),
  );
  expect(run.output.match(/\[remote cache\]/g)).toHaveLength(tasks);
  const requests = server.requests.slice(before);
  expect(requests.map((r) => `${r.method} ${r.status}`)).toEqual(Array(tasks).fill('GET 200'));
  expect(new Set(requests.map((r) => r.hash))).toEqual(uploaded); // same task hashes on both machines
  expect(files(cloneB)).toEqual(files(cloneA));
  expect(Object.keys(files(cloneB))).toEqual(
    expect.arrayContaining(['apps/backend/src/plugins/integration.py', 'apps/frontend/src/plugins/routes.tsx']),
  );
}, 120_000);

test('a wrong token fails the run instead of silently skipping the cache', async () => {
  rmSync(cloneB.path('.nx'), { recursive: true, force: true }); // no local hit to hide behind
  const before = server.requests.length;
  const run = await runTasks(cloneB, 'not-the-token');
  expect(run.status).not.toBe(0);
  expect(run.output).toContain('Missing or invalid authentication token'); // the server's words, shown by Nx
  expect(server.requests.slice(before).some((r) => r.status === 401)).toBe(true);
}, 120_000);

test('a read-only token (pull requests) gets hits, cannot upload, and the run still passes', async () => {
  rmSync(cloneB.path('.nx'), { recursive: true, force: true });
  // A change only this "pull request" has, in ai-chat: its tasks and the apps' integrate miss (they
  // read its files); auth's validate, which reads its own files and its dependencies' only, still hits.
  cloneB.write('libs/plugins/ai-chat/README.md', '# changed in a pull request\n');
  const before = server.requests.length;
  const run = await runTasks(cloneB, readOnlyToken);
  expect(run.status).toBe(0);
  const requests = server.requests.slice(before);
  const refused = requests.filter((r) => r.method === 'PUT').map((r) => r.status);
  expect(refused.length).toBeGreaterThan(0);
  expect(refused.every((s) => s === 403)).toBe(true); // nothing from a PR reaches the shared cache
  expect(requests.filter((r) => r.method === 'GET' && r.status === 200).length).toBeGreaterThan(0);
}, 120_000);
