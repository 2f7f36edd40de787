import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { freePort, start, stop, waitForExit, waitForHttp, type Server } from './support/servers';

// The one real-browser journey: a signed-out visit to /app goes to /login, signing in comes
// back to /app as that user. Real FastAPI backend (mongomock), real `vite build` + `vite preview`
// with its /api proxy, real Chromium.

const root = resolve(__dirname, '..');
const vite = join(root, 'node_modules/.bin/vite');
const outDir = join(root, 'tmp/e2e-dist'); // not dist/: never clobber a real build
const screenshot = join(root, 'tmp/e2e-app.png');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let backend: Server | undefined;
let build: Server | undefined;
let preview: Server | undefined;
let context: BrowserContext | undefined;
let userDataDir: string | undefined;
let web = '';
const pageErrors: string[] = [];

const email = `e2e-${Date.now()}@example.com`;
const password = 'correct horse battery staple';

beforeAll(async () => {
  const [apiPort, webPort] = [await freePort(), await freePort()];
  backend = start(
    'backend',
    join(root, '.venv/bin/python'),
    ['-m', 'uvicorn', 'main:app', '--app-dir', 'apps/backend/src', '--host', '127.0.0.1', '--port', String(apiPort)],
    { cwd: root, env: { FARM_DATABASE: 'mongomock', FARM_WORKSPACE_ROOT: root, PYTHONDONTWRITEBYTECODE: '1' } },
  );

  // Build while the backend boots (the build does not need it).
  build = start(
    'vite build',
    vite,
    ['build', 'apps/frontend', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    { cwd: root },
  );
  await Promise.all([
    waitForExit(build, 90_000),
    waitForHttp(backend, `http://127.0.0.1:${apiPort}/openapi.json`, 30_000, (s) => s === 200),
  ]);

  preview = start(
    'vite preview',
    vite,
    ['preview', 'apps/frontend', '--outDir', outDir, '--host', '127.0.0.1', '--port', String(webPort), '--strictPort'],
    { cwd: root, env: { FARM_BACKEND_URL: `http://127.0.0.1:${apiPort}` } },
  );
  web = `http://127.0.0.1:${webPort}`;
  await waitForHttp(preview, `${web}/`, 30_000, (s) => s === 200);

  // The account is created through the preview server's /api proxy, as the app would.
  const res = await fetch(`${web}/api/auth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, username: `e2e${Date.now()}`, password }),
    signal: AbortSignal.timeout(10_000),
  });
  if (res.status !== 201) throw new Error(`register via proxy: HTTP ${res.status} ${await res.text()}`);

  userDataDir = mkdtempSync(join(tmpdir(), 'farm-e2e-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1100, height: 800 },
    timeout: 30_000,
  });
}, 150_000);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await Promise.all([stop(preview), stop(backend), stop(build)]);
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
}, 30_000);

async function newPage(): Promise<Page> {
  const page = context!.pages()[0] ?? (await context!.newPage());
  page.setDefaultTimeout(15_000);
  page.setDefaultNavigationTimeout(30_000);
  page.on('pageerror', (err) => pageErrors.push(err.message));
  return page;
}

test('signed-out /app redirects to /login; signing in lands on /app as that user', async () => {
  const page = await newPage();

  await page.goto(`${web}/app`);
  await page.waitForURL(`${web}/login?next=%2Fapp`);

  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();

  await page.waitForURL(`${web}/app`);
  const signedIn = page.getByTestId('signed-in-as');
  await signedIn.waitFor({ state: 'visible' });
  expect(await signedIn.textContent()).toBe(`Signed in as ${email}`);
  await page.getByTestId('chat-window').waitFor({ state: 'visible' });

  // Let the model list settle so the screenshot shows the finished page.
  await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
  mkdirSync(join(root, 'tmp'), { recursive: true });
  await page.screenshot({ path: screenshot, fullPage: true });

  expect(pageErrors).toEqual([]);
});
