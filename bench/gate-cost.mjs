#!/usr/bin/env node
// The runtime gate's cost (issue 12): how long `nx g @farm/plugins:add <folder>` takes in workspaces
// of N synthetic plugins, and the gate's share of it — the candidate backend imported by the real
// FastAPI, and the TypeScript check of what the change brings. See docs/performance.md.
//
//   node bench/gate-cost.mjs                      N = 10 and 1000, 3 runs each
//   node bench/gate-cost.mjs --n 10 --runs 5      pick sizes and runs
//
// Options: --out FILE (default bench/gate-cost.json), --work DIR (default bench/.work). Each run
// is `add --dry-run` (the generator runs whole, gate included, and writes nothing, so runs repeat
// on the same workspace); the gate's halves are timed by the generator itself (FARM_GATE_TIMINGS).
// A first, untimed-in-the-medians run lets the backend gate record every plugin's routes; each
// timed run adds a plugin folder that differs from the last, so the gate imports it (and what it
// depends on) and reads the rest from the record, as an add into a used workspace does.
// Timings are reported, never asserted: the exit code says whether the bench ran.
import { cpus, loadavg } from 'node:os';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BenchError, median, nx } from './lib/measure.mjs';
import { pluginFiles, pluginSpecs, synthesizeWorkspace } from './lib/synthesize.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv) {
  const args = {
    n: [10, 1000],
    runs: 3,
    out: join(repoRoot, 'bench/gate-cost.json'),
    work: join(repoRoot, 'bench/.work'),
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--n') args.n = value().split(',').map(Number);
    else if (flag === '--runs') args.runs = Number(value());
    else if (flag === '--out') args.out = resolve(value());
    else if (flag === '--work') args.work = resolve(value());
    else throw new BenchError(`unknown option ${argv[i]} (see the header of bench/gate-cost.mjs)`);
  }
  if (!args.n.length || args.n.some((n) => !Number.isInteger(n) || n < 2))
    throw new BenchError('--n takes sizes >= 2, e.g. --n 10,1000');
  if (!Number.isInteger(args.runs) || args.runs < 1) throw new BenchError('--runs takes a positive integer');
  return args;
}

const log = (message) => process.stderr.write(`[gate-cost] ${message}\n`);

/** A plugin folder outside the workspace, shaped like the workspace's own (it depends on two foundations). */
function newPlugin(dir, n) {
  const specs = pluginSpecs(n + 1);
  const spec = { ...specs[n], slug: 'added-plugin', name: '@farm/added-plugin' };
  rmSync(dir, { recursive: true, force: true });
  for (const [path, contents] of Object.entries(pluginFiles(spec, specs))) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), contents);
  }
  return dir;
}

/**
 * The gate as the generator printed it (ms): its wall time (`total`; the halves run at once, so
 * it is less than their sum) and each half's, undefined when it did not run.
 */
function gateTimings(output) {
  const timing = (name) => {
    const found = new RegExp(`\\[farm\\] runtime gate${name}: (\\d+) ms`).exec(output);
    return found ? Number(found[1]) : undefined;
  };
  // The backend half's own steps: what it digested, how many plugins Python imported, and
  // Python's own seconds (the half's wall time also holds this process's other work).
  const imported =
    /runtime gate backend\/python \((\d+) plugins imported(?:; warm ([\d.]+) s, import ([\d.]+) s)?/.exec(output);
  const step = (name) => {
    const found = new RegExp(`\\[farm\\] runtime gate backend/${name}[^:]*: (\\d+) ms`).exec(output);
    return found ? Number(found[1]) : undefined;
  };
  return {
    total: timing(''),
    backend: timing(' backend'),
    frontend: timing(' frontend'),
    digests: step('digests'),
    imported: imported ? Number(imported[1]) : undefined,
    pythonMs: imported?.[2] ? Math.round((Number(imported[2]) + Number(imported[3])) * 1000) : undefined,
  };
}

function measure(n, runs, work) {
  const root = join(work, `gate-cost-${n}`);
  log(`N=${n}: synthesising the workspace`);
  synthesizeWorkspace(root, n, repoRoot);
  const folder = newPlugin(join(work, `gate-cost-plugin-${n}`), n);
  const add = (label) => {
    // A plugin the gate has not judged yet, as a real add brings: its folder differs each run, so
    // the route record (node_modules/.cache/farm/gate-routes.json) knows every plugin but it.
    writeFileSync(join(folder, 'README.md'), `Synthetic plugin for the gate bench (${label}, ${Date.now()}).\n`);
    const run = nx(repoRoot, root, ['g', '@farm/plugins:add', folder, '--dry-run', '--no-interactive'], {
      env: { FARM_GATE_TIMINGS: '1' },
    });
    const gate = gateTimings(run.output);
    if (gate.backend === undefined)
      throw new BenchError(`add did not run the backend gate at N=${n}:\n${run.output.slice(-3000)}`);
    const sample = {
      total: run.ms,
      gate: gate.total ?? gate.backend,
      backend: gate.backend,
      frontend: gate.frontend ?? 0,
      digests: gate.digests,
      imported: gate.imported,
      python: gate.pythonMs,
    };
    log(
      `N=${n} ${label}: add ${Math.round(run.ms)} ms, gate ${gate.total} ms (backend ${gate.backend} ms — ${gate.imported} plugins imported, Python ${gate.pythonMs} ms, digests ${gate.digests} ms — frontend ${gate.frontend ?? 0} ms, at once)`,
    );
    return sample;
  };
  // The workspace's first gate imports every plugin and records their routes (what integrate's
  // first gate after setup pays); the timed runs are adds into a recorded workspace.
  const first = add('first gate, no record');
  const samples = [];
  for (let r = 0; r < runs; r++) samples.push(add(`run ${r + 1}/${runs}`));
  const m = (field) => Math.round(median(samples.map((s) => s[field])));
  const gate = m('gate');
  return {
    n,
    runs,
    addMs: m('total'),
    gateBackendMs: m('backend'),
    gateFrontendMs: m('frontend'),
    gateMs: gate,
    gateShare: Math.round((gate / m('total')) * 100) / 100,
    addWithoutGateMs: m('total') - gate,
    gateBackendPythonMs: m('python'),
    gateBackendDigestsMs: m('digests'),
    pluginsImported: m('imported'),
    firstGate: first,
    samples,
  };
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const load = loadavg()[0];
  const results = args.n.map((n) => measure(n, args.runs, args.work));
  const report = {
    date: new Date().toISOString(),
    cpus: cpus().length,
    node: process.version,
    loadAtStart: load,
    loadAtEnd: loadavg()[0],
    seconds: Math.round((Date.now() - started) / 1000),
    targets: { addedAt10: 1500, addedAt1000: 3000 },
    results,
  };
  writeFileSync(args.out, JSON.stringify(report, null, 2) + '\n');
  for (const r of results) {
    process.stdout.write(
      `N=${r.n}: add ${r.addMs} ms, of which the gate ${r.gateMs} ms (backend ${r.gateBackendMs}, frontend ${r.gateFrontendMs}, at once; share ${r.gateShare}); target: gate ≤ ${r.n <= 10 ? 1500 : 3000} ms → ${r.gateMs <= (r.n <= 10 ? 1500 : 3000) ? 'within target' : 'above target'}\n`,
    );
  }
  if (results.length > 1) {
    const [small, large] = [results[0], results[results.length - 1]];
    process.stdout.write(
      `N=${large.n} ÷ N=${small.n}: add ${(large.addMs / small.addMs).toFixed(2)}, gate ${(large.gateMs / small.gateMs).toFixed(2)}\n`,
    );
  }
}

try {
  main();
} catch (error) {
  process.stderr.write(`gate-cost failed: ${error instanceof BenchError ? error.message : error.stack}\n`);
  process.exit(1);
}
