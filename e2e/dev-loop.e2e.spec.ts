import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, type Chromium } from './support/chromium';
import {
  authManifestFile,
  pingBadgeFile,
  pingBadgeSource,
  pingPageFile,
  pingPageSource,
  pingRouterFile,
  pingRouterSource,
  saveAtomically,
  withPing,
  writeJson,
} from './support/dev-fixtures';
import { interrupt, killGroup, startGroup, type GroupProcess } from './support/process-group';
import { freePort } from './support/servers';
import { alive, copyWorkspace, descendants, nxBin, nxEnv, type WorkspaceCopy } from './support/workspace-copy';

// Issue 7, end to end: `nx run workspace:dev` in a copy of the workspace; a manifest edit is served
// by both servers, a component edit reaches Chromium by HMR, a broken manifest leaves both servers
// on the last good code, a fix recovers, and Ctrl-C leaves no process behind.

let copy: WorkspaceCopy;
let dev: GroupProcess;
let chromium: Chromium | undefined;
let page: Page;
let serverPids: number[] = [];
let api = '';
let web = '';
const pageErrors: string[] = [];

async function get(url: string): Promise<{ status: number; body: string }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(3_000) });
    return { status: res.status, body: await res.text() };
  } catch (error) {
    return { status: 0, body: (error as Error).message };
  }
}

/** Polls until `url` answers `status` (and `body` matches); bounded, with what it saw last. */
async function until(url: string, status: number, timeoutMs: number, body?: RegExp): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = { status: 0, body: '' };
  while (Date.now() < deadline) {
    last = await get(url);
    if (last.status === status && (!body || body.test(last.body))) return last.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `${url}: wanted ${status}${body ? ` matching ${body}` : ''} within ${timeoutMs} ms, last ${last.status} ${last.body.slice(0, 200)}\n--- dev loop output ---\n${dev.output().slice(-4_000)}`,
  );
}

function generatedFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(copy.path(dir)).sort()) {
      const rel = `${dir}/${name}`;
      if (statSync(copy.path(rel)).isDirectory()) walk(rel);
      else out[rel] = readFileSync(copy.path(rel), 'utf8');
    }
  };
  walk('apps/backend/src/plugins');
  walk('apps/frontend/src/plugins');
  return out;
}

beforeAll(async () => {
  copy = copyWorkspace('farm-dev-e2e-');
  const [apiPort, webPort] = [await freePort(), await freePort()];
  api = `http://127.0.0.1:${apiPort}`;
  web = `http://127.0.0.1:${webPort}`;
  // The one command a person runs; arguments after the target go to the dev loop.
  dev = startGroup(
    'nx run workspace:dev',
    process.execPath,
    [nxBin, 'run', 'workspace:dev', `--backend-port=${apiPort}`, `--frontend-port=${webPort}`],
    {
      cwd: copy.root,
      env: { ...nxEnv, FARM_DATABASE: 'mongomock' },
    },
  );
  await dev.waitForOutput(/\[farm\] ✓ ready in/, { timeoutMs: 60_000 });
  serverPids = [...dev.output().matchAll(/started (?:backend|frontend) \(pid (\d+)\)/g)].map((m) => Number(m[1]));
  chromium = await launchChromium();
  page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  if (dev && !dev.exited()) {
    const left = descendants(dev.pid);
    await interrupt(dev, 15_000).catch(() => undefined);
    left.forEach(killGroup);
    killGroup(dev.pid);
  }
  copy?.dispose();
}, 40_000);

test('serves the app: backend health, the frontend, and /api through the Vite proxy', async () => {
  expect(JSON.parse(await until(`${api}/health`, 200, 10_000)).plugins).toEqual(['@farm/auth', '@farm/ai-chat']);
  expect(await until(`${web}/`, 200, 10_000)).toContain('<div id="root">');
  expect(JSON.parse(await until(`${web}/api/health`, 200, 10_000)).status).toBe('ok');
});

test('a manifest edit (new router, route and component) is served by both servers without a restart', async () => {
  expect((await get(`${api}/ping`)).status).toBe(404);
  copy.write(pingRouterFile, pingRouterSource({ ping_router: 'one' }));
  copy.write(pingBadgeFile, pingBadgeSource('v1'));
  copy.write(pingPageFile, pingPageSource);
  const from = dev.mark();
  writeJson(copy, authManifestFile, withPing(JSON.parse(copy.read(authManifestFile))));

  await dev.waitForOutput(/✓ integrated backend, frontend in .*wrote .*integration\.py.*routes\.tsx/, {
    from,
    timeoutMs: 10_000,
  });
  expect(await until(`${api}/ping`, 200, 15_000)).toBe('{"pong":"one"}');
  expect(await until(`${web}/api/ping`, 200, 5_000)).toBe('{"pong":"one"}');

  await page.goto(`${web}/ping`);
  await page.getByTestId('ping-badge').filter({ hasText: 'one — v1' }).waitFor();
  // Still the two servers started at the beginning: uvicorn reloaded its worker, Vite updated.
  expect(serverPids).toHaveLength(2);
  expect(alive(serverPids)).toEqual(serverPids);
});

test('a component edit reaches Chromium by HMR, without a page reload', async () => {
  await page.evaluate(() => ((window as unknown as { farmMarker: number }).farmMarker = 42));
  const from = dev.mark();
  saveAtomically(copy, pingBadgeFile, pingBadgeSource('v2 (hot)'));
  await page.getByTestId('ping-badge').filter({ hasText: 'one — v2 (hot)' }).waitFor({ timeout: 10_000 });
  expect(await page.evaluate(() => (window as unknown as { farmMarker?: number }).farmMarker)).toBe(42);
  // Component contents are Vite's business: no integrate run for an edit.
  expect(dev.output().slice(from)).not.toMatch(/→ integrate/);
});

test('a broken manifest prints its error; both servers keep serving the last good code', async () => {
  const before = generatedFiles();
  const good = copy.read(authManifestFile);
  const from = dev.mark();
  copy.write(authManifestFile, good.replace('"backend": {', '"backend": {,')); // a JSON syntax error

  await dev.waitForOutput(/FARM_E\d{3}[^\n]*libs\/plugins\/auth\/plugin\.json/, { from, timeoutMs: 10_000 });
  await dev.waitForOutput(/✗ integrate backend, frontend failed .*kept the last good generated code/, {
    from,
    timeoutMs: 10_000,
  });
  await new Promise((r) => setTimeout(r, 1_000)); // room for a wrong reload to happen
  expect(generatedFiles()).toEqual(before);
  expect(await until(`${api}/ping`, 200, 3_000)).toBe('{"pong":"one"}');
  expect(await until(`${web}/api/ping`, 200, 3_000)).toBe('{"pong":"one"}');
  expect(await until(`${web}/`, 200, 3_000)).toContain('<div id="root">');
  await page.getByTestId('ping-badge').filter({ hasText: 'one — v2 (hot)' }).waitFor({ timeout: 2_000 });
  expect(dev.exited()).toBe(false);
});

test('fixing the manifest recovers: the fixed version is integrated and served', async () => {
  copy.write(pingRouterFile, pingRouterSource({ ping_router: 'one', pong_router: 'two' }));
  const from = dev.mark();
  writeJson(
    copy,
    authManifestFile,
    withPing(JSON.parse(readFileSync(join(__dirname, '..', authManifestFile), 'utf8')), {
      ping_router: '/ping',
      pong_router: '/pong',
    }),
  );

  await dev.waitForOutput(/✓ recovered — integrated backend, frontend/, { from, timeoutMs: 10_000 });
  expect(await until(`${api}/pong`, 200, 15_000)).toBe('{"pong":"two"}');
  expect(await until(`${web}/api/ping`, 200, 5_000)).toBe('{"pong":"one"}');
  expect(pageErrors).toEqual([]);
});

test('Ctrl-C stops the dev loop and both servers; no process is left behind', async () => {
  const pids = descendants(dev.pid);
  expect(pids.length).toBeGreaterThanOrEqual(4); // loop, uvicorn reloader + worker, vite (+ shell, reaper)
  const { code } = await interrupt(dev, 15_000);
  expect([0, 130]).toContain(code); // nx exits 130 on SIGINT, as shells do
  const deadline = Date.now() + 5_000;
  while (alive(pids).length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  expect(alive(pids)).toEqual([]);
  expect((await get(`${api}/health`)).status).toBe(0);
  expect((await get(`${web}/`)).status).toBe(0);
  if (process.env.FARM_E2E_SHOW_DEV_OUTPUT) console.log(dev.output());
});
