#!/usr/bin/env node
// Edit-to-live latency of the dev loop (issue 7): how long from saving a file until the change is
// live. Runs the real loop (tools/farm-plugins/src/dev/bin.js) on a copy of this workspace, real
// uvicorn, real Vite, real Chromium. Targets: backend ≤ 2 s, frontend ≤ 0.5 s.
//
//   node bench/dev-loop-latency.mjs [--iterations 5] [--integrate in-process|nx|both]
//        [--scenarios backend-manifest,backend-code,frontend-component,frontend-manifest]
//        [--write atomic|in-place] [--json out.json] [--verbose]
//
// Scenarios (each iteration a fresh change, clock started just before the write):
//   backend  manifest   plugin.json gets a new router        → GET /<prefix> answers 200
//   backend  code       a router .py gets a new endpoint     → GET answers 200 (uvicorn reload only)
//   frontend component  a plugin component's text changes   → Chromium shows it (Vite HMR, no reload)
//   frontend manifest   plugin.json gets a new route         → Vite serves the regenerated routes module
import { createRequire } from 'node:module';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
require('@swc-node/register');
const { copyWorkspace, repoRoot } = require('../e2e/support/workspace-copy.ts');
const { startGroup, interrupt, killGroup } = require('../e2e/support/process-group.ts');
const { freePort } = require('../e2e/support/servers.ts');
const { launchChromium } = require('../e2e/support/chromium.ts');
const fx = require('../e2e/support/dev-fixtures.ts');

const args = (() => {
  try {
    return readOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`dev-loop-latency: ${error.message} (see the header of bench/dev-loop-latency.mjs)`);
    process.exit(2);
  }
})();
// The issue's targets; a new route in the browser has none (it needs a navigation anyway).
const targets = { 'backend manifest': 2_000, 'backend code': 2_000, 'frontend component': 500 };

async function main() {
  const strategies = args.integrate === 'both' ? ['in-process', 'nx'] : [args.integrate];
  const results = [];
  for (const strategy of strategies) results.push(...(await measure(strategy)));
  printTable(results);
  if (args.json)
    writeFileSync(
      args.json,
      JSON.stringify({ node: process.version, iterations: args.iterations, results }, null, 2) + '\n',
    );
  // Targets bind the default loop; `--integrate nx` is measured for comparison.
  const missed = results.filter((r) => r.integrate === 'in-process' && r.target !== undefined && r.median > r.target);
  return missed.length ? 1 : 0;
}

async function measure(strategy) {
  const copy = copyWorkspace('farm-bench-dev-');
  const [apiPort, webPort] = [await freePort(), await freePort()];
  const api = `http://127.0.0.1:${apiPort}`;
  const web = `http://127.0.0.1:${webPort}`;
  const dev = startGroup(
    'dev loop',
    process.execPath,
    [
      join(repoRoot, 'tools/farm-plugins/src/dev/bin.js'),
      `--backend-port=${apiPort}`,
      `--frontend-port=${webPort}`,
      `--integrate=${strategy}`,
    ],
    {
      cwd: copy.root,
      env: { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' },
    },
  );
  let chromium;
  const results = [];
  const record = (side, scenario, samples) => {
    const target = targets[`${side} ${scenario.split(/[: ]/)[0]}`];
    results.push({ integrate: strategy, side, scenario, target, samples, ...stats(samples) });
  };
  try {
    await dev.waitForOutput(/✓ ready in/, { timeoutMs: 60_000 });
    const manifest = () => JSON.parse(copy.read(fx.authManifestFile));

    // Setup: the ping page with its component, so there is something in the browser to edit.
    copy.write(fx.pingRouterFile, fx.pingRouterSource());
    copy.write(fx.pingBadgeFile, fx.pingBadgeSource('v0'));
    copy.write(fx.pingPageFile, fx.pingPageSource);
    fx.writeJson(copy, fx.authManifestFile, fx.withPing(manifest()));
    await until(() => get(`${api}/ping`).then((s) => s === 200), 20_000, 'ping endpoint');

    // backend · manifest: a new router module and its manifest entry; the clock starts at the manifest.
    if (args.scenarios.has('backend-manifest')) {
      const samples = [];
      for (let i = 1; i <= args.iterations; i++) {
        copy.write(
          `libs/plugins/auth/routers/bench${i}.py`,
          `from fastapi import APIRouter\n\nbench${i}_router = APIRouter()\n\n\n@bench${i}_router.get("")\nasync def bench${i}() -> dict:\n    return {"bench": ${i}}\n`,
        );
        await settle(dev);
        const next = manifest();
        next.backend.routers[`bench${i}_router`] = { path: `./routers/bench${i}.py`, prefix: `/bench${i}` };
        const t0 = Date.now();
        write(copy, fx.authManifestFile, JSON.stringify(next, null, 2) + '\n');
        await until(() => get(`${api}/bench${i}`).then((s) => s === 200), 15_000, `/bench${i}`);
        samples.push(Date.now() - t0);
      }
      record('backend', 'manifest: new router → endpoint answers', samples);
    }

    // Code edits never go through integrate: measured once, with the default strategy.
    if (strategy === 'in-process' && args.scenarios.has('backend-code')) {
      // backend · code: uvicorn's own reload; the loop has nothing to integrate.
      const code = [];
      for (let i = 1; i <= args.iterations; i++) {
        await settle(dev);
        const routes = Object.fromEntries(
          Array.from({ length: i + 1 }, (_, k) => [k === 0 ? 'ping_router' : `extra${k}`, `e${k}`]),
        );
        const t0 = Date.now();
        write(
          copy,
          fx.pingRouterFile,
          fx.pingRouterSource(routes) +
            `\n\n@ping_router.get("/extra${i}")\nasync def extra_${i}() -> dict:\n    return {"extra": ${i}}\n`,
        );
        await until(() => get(`${api}/ping/extra${i}`).then((s) => s === 200), 15_000, `/ping/extra${i}`);
        code.push(Date.now() - t0);
      }
      record('backend', 'code: router edit → endpoint answers', code);
    }

    if (strategy === 'in-process' && args.scenarios.has('frontend-component')) {
      // frontend · component: Vite HMR into a real page.
      chromium = await launchChromium();
      const page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
      await page.goto(`${web}/ping`);
      await page.getByTestId('ping-badge').waitFor({ timeout: 15_000 });
      const consoleLines = [];
      page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
      await page.evaluate(() => (window.benchMarker = 1));
      const hmr = [];
      for (let i = 1; i <= args.iterations; i++) {
        await settle(dev);
        const label = `hot ${i}`;
        // The page notes the moment the DOM shows the new text (same clock as ours: same machine).
        const shown = page.evaluate(
          (want) =>
            new Promise((resolve, reject) => {
              const check = () =>
                document.querySelector('[data-testid="ping-badge"]')?.textContent?.endsWith(want) &&
                (observer.disconnect(), resolve(Date.now()));
              const observer = new MutationObserver(check);
              observer.observe(document.body, { subtree: true, childList: true, characterData: true });
              setTimeout(() => reject(new Error(`"${want}" not shown within 10 s`)), 10_000);
            }),
          label,
        );
        await page.evaluate(() => 0); // the observer is in place before the edit
        const t0 = Date.now();
        write(copy, fx.pingBadgeFile, fx.pingBadgeSource(label));
        hmr.push(
          (await shown.catch((error) => {
            throw new Error(`${error.message}\n--- browser console ---\n${consoleLines.slice(-30).join('\n')}`);
          })) - t0,
        );
      }
      if ((await page.evaluate(() => window.benchMarker)) !== 1) throw new Error('the page reloaded: that was not HMR');
      record('frontend', 'component edit → Chromium shows it (HMR)', hmr);
    }

    // frontend · manifest: a new route reaches Vite's module graph.
    if (args.scenarios.has('frontend-manifest')) {
      const route = [];
      for (let i = 1; i <= args.iterations; i++) {
        await settle(dev);
        const next = manifest();
        next.frontend.routes.push({ path: `/bench-route-${i}`, component: 'PingPage' });
        const t0 = Date.now();
        write(copy, fx.authManifestFile, JSON.stringify(next, null, 2) + '\n');
        await until(
          () =>
            fetch(`${web}/src/plugins/routes.tsx`, { signal: AbortSignal.timeout(2_000) })
              .then((r) => r.text())
              .then((t) => t.includes(`/bench-route-${i}`))
              .catch(() => false),
          10_000,
          `route ${i}`,
        );
        route.push(Date.now() - t0);
      }
      record('frontend', 'manifest: new route → Vite serves it', route);
    }
  } catch (error) {
    console.error(`${strategy}: ${error.message}\n--- dev loop output ---\n${dev.output().slice(-3_000)}`);
    throw error;
  } finally {
    if (args.verbose) console.log(`--- dev loop output (${strategy}) ---\n${dev.output()}`);
    await chromium?.close();
    await interrupt(dev, 15_000).catch(() => killGroup(dev.pid));
    copy.dispose();
  }
  return results;
}

/**
 * Saves like an editor: `atomic` (default) writes a temp file and renames it over the old one
 * (vim, JetBrains "safe write"); `in-place` truncates and rewrites it. In-place saves can make Vite
 * transform the file while it is empty ("Could not Fast Refresh (export "default" removed)") and
 * lose the update: see docs/dev-loop.md, "Known issues".
 */
function write(copy, file, contents) {
  if (args.write === 'in-place') return copy.write(file, contents);
  const temp = `${file}.farm-bench.tmp`;
  copy.write(temp, contents);
  renameSync(copy.path(temp), copy.path(file));
}

/**
 * Lets the previous change finish (an integrate run still going, a uvicorn restart, HMR) so samples
 * do not overlap: every "→ integrate" has its outcome line and the output has been quiet a while.
 */
async function settle(dev) {
  const count = (re) => (dev.output().match(re) ?? []).length;
  let mark = -1;
  for (;;) {
    const busy = count(/→ integrate /g) > count(/(✓ (recovered — )?integrated |✗ integrate .* failed)/g);
    if (!busy && dev.mark() === mark) return;
    mark = dev.mark();
    await new Promise((r) => setTimeout(r, 400));
  }
}

async function get(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

async function until(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${what}: not live after ${timeoutMs} ms`);
}

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[Math.floor((sorted.length - 1) / 2)], max: sorted[sorted.length - 1] };
}

function printTable(results) {
  console.log(`\nEdit-to-live latency, ms (${args.iterations} edits each, median/min/max)\n`);
  console.log('integrate    side      scenario                                      median    min    max  target');
  for (const r of results) {
    const ok =
      r.target === undefined
        ? '—'
        : `≤ ${r.target}: ${r.median <= r.target ? 'within target' : `above target${r.integrate === 'in-process' ? '' : ' (comparison)'}`}`;
    console.log(
      `${r.integrate.padEnd(12)} ${r.side.padEnd(9)} ${r.scenario.padEnd(44)} ${String(r.median).padStart(7)} ${String(r.min).padStart(6)} ${String(r.max).padStart(6)}  ${ok}`,
    );
  }
}

/** The options (node:util parseArgs, strict: an unknown option or a missing value is an error). */
function readOptions(argv) {
  const all = ['backend-manifest', 'backend-code', 'frontend-component', 'frontend-manifest'];
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      iterations: { type: 'string', default: '5' },
      integrate: { type: 'string', default: 'both' },
      json: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      write: { type: 'string', default: 'atomic' },
      scenarios: { type: 'string', default: all.join(',') },
    },
  });
  const out = {
    iterations: /^\d+$/.test(values.iterations) ? Number(values.iterations) : NaN,
    integrate: values.integrate,
    json: values.json,
    verbose: values.verbose,
    scenarios: new Set(values.scenarios.split(',')),
    write: values.write,
  };
  if (!['in-process', 'nx', 'both'].includes(out.integrate)) throw new Error('--integrate: in-process, nx or both');
  for (const name of out.scenarios) if (!all.includes(name)) throw new Error(`--scenarios: ${all.join(',')}`);
  if (!['in-place', 'atomic'].includes(out.write)) throw new Error('--write: in-place or atomic');
  if (!(out.iterations >= 1)) throw new Error('--iterations: a positive number');
  if (out.json === '') throw new Error('--json needs a file name');
  return out;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
