#!/usr/bin/env node
// Speed at scale (issue 6): synthesises workspaces of N realistic plugins and measures the
// integrate pipeline in-process and through the real nx CLI. See docs/performance.md.
//
//   npm run bench                                  N = 10, 100, 1000; 5 runs each (a long run)
//   npm run bench -- --n 10,100 --runs 7           pick sizes and runs
//   npm run bench -- --smoke                       CI: N = 10, 1 run, exits non-zero if the bench breaks
//
// Options: --validate-runs R[,R…] (cold run-many validate runs, per size; default --runs),
// --skip-nx (in-process only), --out FILE (default bench/results.json; --smoke writes
// bench/.work/smoke-results.json), --work DIR (default bench/.work). Timings are reported, never
// asserted: the exit code says whether the bench ran, not whether targets were met.
import { cpus, loadavg, totalmem } from 'node:os';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BenchError, git, median, nx, nxEnv, worker } from './lib/measure.mjs';
import { dependentsOf, synthesizeWorkspace } from './lib/synthesize.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const hosts = ['backend', 'frontend'];
const outputDir = (host) => `apps/${host}/src/plugins`;

/** The options (node:util parseArgs, strict: an unknown option or a missing value is an error). */
function readOptions(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        n: { type: 'string' },
        runs: { type: 'string' },
        'validate-runs': { type: 'string' },
        'skip-nx': { type: 'boolean' },
        out: { type: 'string' },
        work: { type: 'string' },
        smoke: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new BenchError(`${error.message} (see the header of bench/run.mjs)`);
  }
  const integers = (text) => text.split(',').map((x) => (/^\d+$/.test(x.trim()) ? Number(x) : NaN));
  // --smoke: N = 10, 1 run; options given beside it still apply.
  const smoke = values.smoke === true;
  const args = {
    n: values.n !== undefined ? integers(values.n) : smoke ? [10] : [10, 100, 1000],
    runs: values.runs !== undefined ? integers(values.runs)[0] : smoke ? 1 : 5,
    skipNx: values['skip-nx'] === true,
    smoke,
    out: values.out
      ? resolve(values.out)
      : join(repoRoot, smoke ? 'bench/.work/smoke-results.json' : 'bench/results.json'),
    work: values.work ? resolve(values.work) : join(repoRoot, 'bench/.work'),
  };
  if (!args.n.length || args.n.some((n) => !Number.isInteger(n) || n < 2))
    throw new BenchError('--n takes sizes >= 2, e.g. --n 10,100,1000');
  if (!Number.isInteger(args.runs) || args.runs < 1) throw new BenchError('--runs takes a positive integer');
  // One count per size, or one for all (default: --runs).
  const v = values['validate-runs'] !== undefined ? integers(values['validate-runs']) : undefined;
  args.validateRuns = args.n.map((_n, i) => (v ? v[Math.min(i, v.length - 1)] : args.runs));
  if (args.validateRuns.some((r) => !Number.isInteger(r) || r < 1))
    throw new BenchError('--validate-runs takes positive integers, one or one per size');
  return args;
}

const log = (message) => process.stderr.write(`[bench] ${message}\n`);
const round = (ms) => (ms === undefined ? undefined : Math.round(ms * 10) / 10);
const clearOutputs = (root, host) => rmSync(join(root, outputDir(host)), { recursive: true, force: true });

/** Median of each timing field over the samples (undefined fields dropped). */
function medians(samples, fields) {
  return Object.fromEntries(fields.map((f) => [f, round(median(samples.map((s) => s[f])))]));
}

function inProcess(root, runs, work, n) {
  const result = {};
  for (const host of hosts) {
    const reference = join(work, `reference-${n}-${host}.json`);
    clearOutputs(root, host);
    // Not counted: produces the bytes the floor writes, and checks the pipeline is healthy.
    const first = worker(repoRoot, { mode: 'pipeline', root, host, reference });
    if (first.cold.written === 0) throw new BenchError(`integrate ${host} wrote nothing in a fresh workspace`);
    if (first.noop.written !== 0)
      throw new BenchError(
        `integrate ${host} rewrote ${first.noop.written} unchanged file(s): the no-op must write nothing`,
      );
    const floors = [];
    const pipelines = [];
    const firstRuns = [];
    for (let r = 0; r < runs; r++) {
      clearOutputs(root, host);
      floors.push(worker(repoRoot, { mode: 'floor', root, reference }));
      clearOutputs(root, host);
      pipelines.push(worker(repoRoot, { mode: 'pipeline', root, host }));
      clearOutputs(root, host);
      firstRuns.push(worker(repoRoot, { mode: 'pipeline', root, host, keptVerdicts: false }));
    }
    result[host] = {
      floor: medians(floors, ['total', 'read', 'write']),
      cold: medians(
        pipelines.map((p) => p.cold.timings),
        ['total', 'load', 'integrate', 'write', 'afterLoad'],
      ),
      noop: medians(
        pipelines.map((p) => p.noop.timings),
        ['total', 'load', 'integrate', 'write', 'afterLoad'],
      ),
      // A machine's first integrate: ajv compiles every plugin's configSchema (no kept verdicts).
      firstRun: medians(
        firstRuns.map((p) => p.cold.timings),
        ['total', 'load', 'afterLoad'],
      ),
      peakRssMB: round(Math.max(...pipelines.map((p) => p.maxRssMB))),
      outputBytes: first.cold.bytes,
      files: first.cold.written,
      warnings: first.cold.warnings,
      heavyModules: [...new Set(pipelines.flatMap((p) => p.heavyModules))],
      samples: {
        floor: floors.map((f) => round(f.total)),
        cold: pipelines.map((p) => round(p.cold.timings.total)),
        noop: pipelines.map((p) => round(p.noop.timings.total)),
      },
    };
    log(
      `  in-process ${host}: floor ${result[host].floor.total} ms, cold ${result[host].cold.total} ms (after load ${result[host].cold.afterLoad}), no-op ${result[host].noop.total} ms, peak RSS ${result[host].peakRssMB} MB`,
    );
  }
  return result;
}

/** Runs `args` `runs` times (after `before`), returns the median wall time and the samples. */
function timedNx(root, args, runs, { before, expectCache } = {}) {
  const samples = [];
  let last;
  for (let r = 0; r < runs; r++) {
    before?.();
    last = nx(repoRoot, root, args);
    if (expectCache !== undefined) {
      const hit = cacheHits(last.output);
      if (expectCache && hit.hits < hit.total) {
        const saved = join(repoRoot, 'bench/.work/last-failed-output.txt');
        writeFileSync(saved, last.output);
        throw new BenchError(
          `nx ${args.join(' ')}: expected cache hits only, got ${hit.hits}/${hit.total} (output in ${saved})\n${last.output.slice(-1500)}`,
        );
      }
    }
    samples.push(last.ms);
  }
  return { median: round(median(samples)), samples: samples.map(round), output: last?.output ?? '' };
}

/**
 * Cache hits of a run: Nx's summary ("Nx read the output from the cache instead of running the
 * command for 3 out of 5 tasks", or "Cache: 3/5 hit"), else the per-task lines.
 */
function cacheHits(output) {
  const summary =
    /read the output from the cache instead of running the command for (\d+) out of (\d+) tasks?/.exec(output) ??
    /Cache:\s+(\d+)\/(\d+) hit/.exec(output);
  if (summary) return { hits: Number(summary[1]), total: Number(summary[2]) };
  const tasks = output.match(/nx run \S+:\S+.*$/gm) ?? [];
  return {
    hits: tasks.filter((line) => /\[(local cache|remote cache|existing outputs match the cache)/.test(line)).length,
    total: Math.max(tasks.length, 1),
  };
}

function viaNx(root, n, runs, validateRuns, specs, work, smoke) {
  const r = {};
  const shown = nx(repoRoot, root, ['show', 'projects', '--json']);
  const projects = new Set(
    JSON.parse(shown.output.slice(shown.output.indexOf('['), shown.output.lastIndexOf(']') + 1)),
  );
  // The copied root package.json may be a project too; every plugin and both apps must be there.
  const missing = [...specs.map((s) => s.slug), 'backend', 'frontend'].filter((p) => !projects.has(p));
  if (missing.length)
    throw new BenchError(`nx does not see ${missing.length} expected project(s): ${missing.slice(0, 5).join(', ')}`);
  r.projects = projects.size;
  r.showProjects = timedNx(root, ['show', 'projects'], runs).median;
  log(`  nx show projects: ${r.showProjects} ms`);

  const targets = {
    noop: 'backend:noop',
    noopExecutor: 'backend:noop-executor',
    backend: 'backend:integrate',
    frontend: 'frontend:integrate',
  };
  const before = (name) => (hosts.includes(name) ? () => clearOutputs(root, name) : undefined);
  r.cold = {};
  for (const [name, target] of Object.entries(targets))
    r.cold[name] = timedNx(root, ['run', target, '--skip-nx-cache'], runs, { before: before(name) });
  for (const host of hosts) {
    // The real executor under Nx must write what the in-process mirror wrote.
    const reference = JSON.parse(readFileSync(join(work, `reference-${n}-${host}.json`), 'utf8'));
    for (const file of reference)
      if (readFileSync(join(root, file.path), 'utf8') !== file.contents)
        throw new BenchError(`nx run ${host}:integrate wrote ${file.path} differently from the in-process pipeline`);
  }
  for (const target of Object.values(targets)) nx(repoRoot, root, ['run', target]);
  r.cached = {};
  for (const [name, target] of Object.entries(targets))
    r.cached[name] = timedNx(root, ['run', target], runs, { expectCache: true });
  for (const phase of ['cold', 'cached'])
    log(
      `  nx ${phase}: noop ${r[phase].noop.median} ms, noop-executor ${r[phase].noopExecutor.median} ms, backend:integrate ${r[phase].backend.median} ms, frontend:integrate ${r[phase].frontend.median} ms`,
    );

  r.validate = {};
  // The smoke run only proves the bench works: one plugin's validate instead of all of them.
  const many = ['run-many', '-t', 'validate', ...(smoke ? [`--projects=${specs[0].slug}`] : [])];
  r.validate.cold = timedNx(root, [...many, '--skip-nx-cache'], validateRuns);
  nx(repoRoot, root, many);
  r.validate.cached = timedNx(root, many, runs, { expectCache: true });
  if (smoke) r.validate.projects = 1;
  for (const phase of ['cold', 'cached'])
    r.validate[phase] = { median: r.validate[phase].median, samples: r.validate[phase].samples };
  log(`  nx run-many -t validate: cold ${r.validate.cold.median} ms, cached ${r.validate.cached.median} ms`);
  for (const phase of ['cold', 'cached']) for (const name of Object.keys(targets)) delete r[phase][name].output;

  r.affected = affected(root, smoke ? 0 : runs, specs, work, n);
  return r;
}

/**
 * `nx affected -t integrate,validate` after editing one plugin, in the bench workspace's git repo:
 * a source file of a typical plugin; its plugin.json; the plugin.json of a plugin others depend
 * on; and of a foundation plugin (the worst case: every plugin that depends on it, transitively,
 * re-validates; its hundreds of tasks run as one validate batch).
 */
function affected(root, runs, specs, work, n) {
  const pascal = (slug) => slug.replace(/(^|-)([a-z0-9])/g, (_m, _d, c) => c.toUpperCase());
  const mid = specs[Math.floor(specs.length / 2)];
  const depended =
    specs.slice(Math.floor(specs.length / 2)).find((s) => dependentsOf(specs, s.i).direct > 0) ?? specs[1];
  const describe = (text) => text.replace('"description": "', '"description": "Edited: ');
  const scenarios = {
    source: {
      spec: mid,
      file: `libs/plugins/${mid.slug}/components/${pascal(mid.slug)}Panel.tsx`,
      change: (text) => `${text}// edited by the bench\n`,
    },
    manifest: { spec: mid, file: `libs/plugins/${mid.slug}/plugin.json`, change: describe },
    dependedOn: { spec: depended, file: `libs/plugins/${depended.slug}/plugin.json`, change: describe },
    foundation: { spec: specs[0], file: `libs/plugins/${specs[0].slug}/plugin.json`, change: describe },
  };
  const out = {};
  for (const [kind, edit] of Object.entries(scenarios)) {
    const branch = `bench-edit-${kind}`;
    git(root, 'checkout', '-q', '-B', branch, 'main');
    try {
      const path = join(root, edit.file);
      writeFileSync(path, edit.change(readFileSync(path, 'utf8')));
      git(root, 'commit', '-qam', `edit one plugin (${kind})`);
      const explainFile = join(work, `explain-${n}-${kind}.json`);
      const base = ['affected', '-t', 'integrate,validate', '--base=main', '--head=HEAD'];
      nx(repoRoot, root, [...base, `--explain=${explainFile}`]);
      const explain = JSON.parse(readFileSync(explainFile, 'utf8'));
      const tasks = Object.keys(explain.affected ?? {}).sort();
      const timed = timedNx(root, [...base, '--skip-nx-cache'], runs);
      out[kind] = {
        plugin: edit.spec.name,
        dependents: dependentsOf(specs, edit.spec.i),
        file: edit.file,
        tasks: tasks.length,
        integrate: tasks.filter((t) => t.endsWith(':integrate')).length,
        validate: tasks.filter((t) => t.endsWith(':validate')).length,
        taskIds: tasks.length > 12 ? [...tasks.slice(0, 12), `… ${tasks.length - 12} more`] : tasks,
        why: Object.fromEntries(
          Object.entries(explain.affected ?? {})
            .slice(0, 4)
            .map(([task, reasons]) => [task, reasons.map((x) => x.kind + (x.file ? ` ${x.file}` : '')).slice(0, 2)]),
        ),
        median: timed?.median,
        samples: timed?.samples,
      };
      log(
        `  affected after a ${kind} edit of ${edit.spec.name} (${out[kind].dependents.transitive} dependents): ${tasks.length} task(s) (${out[kind].integrate} integrate, ${out[kind].validate} validate)${timed?.median !== undefined ? `, ${timed.median} ms` : ''}`,
      );
    } finally {
      git(root, 'checkout', '-q', 'main');
    }
  }
  return out;
}

function ratios(sizes) {
  const at = (n) => sizes[n];
  const out = {};
  for (const [n, s] of Object.entries(sizes)) {
    const r = {};
    for (const host of hosts) {
      const p = s.inProcess[host];
      r[`${host}: plan+emit ÷ floor`] = p.cold.afterLoad / p.floor.total;
      r[`${host}: full in-process ÷ floor`] = p.cold.total / p.floor.total;
      if (s.nx) {
        r[`${host}:integrate cold ÷ noop cold`] = s.nx.cold[host].median / s.nx.cold.noop.median;
        r[`${host}:integrate cold ÷ noop-executor cold`] = s.nx.cold[host].median / s.nx.cold.noopExecutor.median;
        if (host === 'backend')
          r['noop-executor cold ÷ noop cold'] = s.nx.cold.noopExecutor.median / s.nx.cold.noop.median;
        r[`${host}:integrate cached ÷ noop cached`] = s.nx.cached[host].median / s.nx.cached.noop.median;
      }
    }
    out[`N=${n}`] = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Math.round(v * 100) / 100]));
  }
  const ns = Object.keys(sizes)
    .map(Number)
    .sort((a, b) => a - b);
  for (let i = 1; i < ns.length; i++) {
    const [lo, hi] = [at(ns[i - 1]), at(ns[i])];
    const g = {};
    for (const host of hosts) {
      g[`${host} in-process cold`] = hi.inProcess[host].cold.total / lo.inProcess[host].cold.total;
      g[`${host} plan+emit`] = hi.inProcess[host].cold.afterLoad / lo.inProcess[host].cold.afterLoad;
      g[`${host} floor`] = hi.inProcess[host].floor.total / lo.inProcess[host].floor.total;
      if (hi.nx && lo.nx) g[`nx ${host}:integrate cold`] = hi.nx.cold[host].median / lo.nx.cold[host].median;
    }
    if (hi.nx && lo.nx) g['nx run-many validate cold'] = hi.nx.validate.cold.median / lo.nx.validate.cold.median;
    out[`N=${ns[i]} ÷ N=${ns[i - 1]} (x${ns[i] / ns[i - 1]} plugins)`] = Object.fromEntries(
      Object.entries(g).map(([k, v]) => [k, Math.round(v * 100) / 100]),
    );
  }
  return out;
}

/** The issue's targets, judged at the largest N measured (they are stated for N = 1000). */
function targets(sizes) {
  const ns = Object.keys(sizes)
    .map(Number)
    .sort((a, b) => a - b);
  const n = ns[ns.length - 1];
  const s = sizes[n];
  const worst = (f) => Math.max(...hosts.map((h) => f(s.inProcess[h], h)));
  const list = [
    ['plan+emit ≤ 1.5× floor', 1.5, worst((p) => p.cold.afterLoad / p.floor.total), 'x'],
    ['plan+emit ≤ 200 ms', 200, worst((p) => p.cold.afterLoad), 'ms'],
    ['in-process no-op ≤ 20 ms', 20, worst((p) => p.noop.total), 'ms'],
    ['peak RSS ≤ 300 MB', 300, worst((p) => p.peakRssMB), 'MB'],
    [
      'no ts-morph / formatter loaded by integrate',
      0,
      hosts.reduce((k, h) => k + s.inProcess[h].heavyModules.length, 0),
      'modules',
    ],
  ];
  const lower = ns.filter((x) => x * 10 === n)[0];
  if (lower)
    list.push([
      'N÷10 → N costs ≤ 10.5× (linear), plan+emit',
      10.5,
      Math.max(...hosts.map((h) => s.inProcess[h].cold.afterLoad / sizes[lower].inProcess[h].cold.afterLoad)),
      'x',
    ]);
  if (s.nx) {
    list.push(
      ['nx run backend:integrate cold ≤ 1.3× noop target', 1.3, s.nx.cold.backend.median / s.nx.cold.noop.median, 'x'],
      [
        'nx run backend:integrate cached ≈ noop (≤ 1.1×)',
        1.1,
        s.nx.cached.backend.median / s.nx.cached.noop.median,
        'x',
      ],
      ['one plugin edited (a source file) selects ≤ 4 tasks', 4, s.nx.affected.source.tasks, 'tasks'],
      [
        'one plugin edited (its plugin.json, typical plugin) selects ≤ 4 tasks',
        4,
        s.nx.affected.manifest.tasks,
        'tasks',
      ],
      [
        `one plugin edited (plugin.json of ${s.nx.affected.dependedOn.plugin}, ${s.nx.affected.dependedOn.dependents.transitive} dependents) selects ≤ 4 tasks`,
        4,
        s.nx.affected.dependedOn.tasks,
        'tasks',
      ],
      ['run-many validate cold ≤ 60 s', 60_000, s.nx.validate.cold.median, 'ms'],
      ['run-many validate cached ≤ 3 s', 3_000, s.nx.validate.cached.median, 'ms'],
    );
    if (lower && sizes[lower].nx)
      list.push([
        'N÷10 → N costs ≤ 10.5×, nx backend:integrate cold',
        10.5,
        s.nx.cold.backend.median / sizes[lower].nx.cold.backend.median,
        'x',
      ]);
  }
  return {
    n,
    targets: list.map(([name, limit, value, unit]) => ({
      name,
      limit,
      value: Math.round(value * 100) / 100,
      unit,
      met: value <= limit,
    })),
  };
}

function table(sizes) {
  const ns = Object.keys(sizes)
    .map(Number)
    .sort((a, b) => a - b);
  const rows = [];
  const row = (label, pick) =>
    rows.push([
      label,
      ...ns.map((n) => {
        const v = pick(sizes[n]);
        return v === undefined ? '—' : String(v);
      }),
    ]);
  for (const host of hosts) {
    row(`${host}: floor (read+parse+write), ms`, (s) => s.inProcess[host].floor.total);
    row(`${host}: in-process cold, ms`, (s) => s.inProcess[host].cold.total);
    row(`${host}:   load (read+parse+schema), ms`, (s) => s.inProcess[host].cold.load);
    row(`${host}:   plan+emit (resolve+plan+emit+write), ms`, (s) => s.inProcess[host].cold.afterLoad);
    row(`${host}: in-process no-op, ms`, (s) => s.inProcess[host].noop.total);
    row(`${host}: first run on a machine, plan+emit, ms`, (s) => s.inProcess[host].firstRun?.afterLoad);
    row(`${host}: peak RSS, MB`, (s) => s.inProcess[host].peakRssMB);
  }
  row('nx show projects, ms', (s) => s.nx?.showProjects);
  for (const phase of ['cold', 'cached']) {
    row(`nx run backend:noop ${phase}, ms`, (s) => s.nx?.[phase].noop.median);
    row(`nx run backend:noop-executor ${phase}, ms`, (s) => s.nx?.[phase].noopExecutor?.median);
    row(`nx run backend:integrate ${phase}, ms`, (s) => s.nx?.[phase].backend.median);
    row(`nx run frontend:integrate ${phase}, ms`, (s) => s.nx?.[phase].frontend.median);
  }
  const scenario = {
    source: 'source file',
    manifest: 'plugin.json',
    dependedOn: 'plugin.json, depended on',
    foundation: 'plugin.json, foundation',
  };
  for (const [kind, label] of Object.entries(scenario)) {
    row(
      `affected, ${label}: tasks (integrate+validate)`,
      (s) => s.nx && `${s.nx.affected[kind].tasks} (${s.nx.affected[kind].integrate}+${s.nx.affected[kind].validate})`,
    );
    row(`affected, ${label}: run, ms`, (s) => s.nx?.affected[kind].median);
  }
  row('nx run-many -t validate cold, ms', (s) => s.nx?.validate.cold.median);
  row('nx run-many -t validate cached, ms', (s) => s.nx?.validate.cached.median);
  const widths = rows[0].map((_, i) =>
    Math.max(...rows.map((r) => r[i].length), i === 0 ? 0 : `N=${ns[i - 1]}`.length),
  );
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(['', ...ns.map((n) => `N=${n}`)]), ...rows.map(line)].join('\n');
}

async function main() {
  const args = readOptions(process.argv.slice(2));
  mkdirSync(args.work, { recursive: true });
  const nxVersion = JSON.parse(readFileSync(join(repoRoot, 'node_modules/nx/package.json'), 'utf8')).version;
  const started = Date.now();
  const loadavgAtStart = loadavg().map((x) => Math.round(x * 100) / 100);
  const sizes = {};
  for (const n of args.n) {
    const root = join(args.work, `ws-${n}`);
    log(`N=${n}: synthesising ${root}`);
    const facts = synthesizeWorkspace(root, n, repoRoot, { git: !args.skipNx });
    const { specs, ...summary } = facts;
    sizes[n] = { workspace: summary, inProcess: inProcess(root, args.runs, args.work, n) };
    if (!args.skipNx)
      sizes[n].nx = viaNx(root, n, args.runs, args.validateRuns[args.n.indexOf(n)], specs, args.work, args.smoke);
    // Kept after each size, so a failure later does not lose what was measured.
    writeFileSync(join(args.work, 'partial-results.json'), JSON.stringify({ loadavgAtStart, sizes }, null, 2));
  }
  const results = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      memoryGB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      nx: nxVersion,
      loadavgAtStart,
      loadavgAtEnd: loadavg().map((x) => Math.round(x * 100) / 100),
    },
    env: nxEnv,
    runs: args.runs,
    validateRuns: args.validateRuns,
    durationSeconds: Math.round((Date.now() - started) / 1000),
    sizes,
    ratios: ratios(sizes),
    ...targets(sizes),
  };
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, JSON.stringify(results, null, 2) + '\n');
  console.log(
    `\nMedians of ${args.runs} run(s); ${results.machine.cpus} CPUs, Node ${process.version}, nx ${nxVersion}; ${Object.entries(
      nxEnv,
    )
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}\n`,
  );
  console.log(table(sizes));
  console.log('\nRatios');
  for (const [group, values] of Object.entries(results.ratios))
    console.log(
      `  ${group}: ${Object.entries(values)
        .map(([k, v]) => `${k} ${v}`)
        .join('; ')}`,
    );
  // A report, not a verdict: a target above its mark is a figure to read, not a failed run.
  console.log(`\nTargets at N=${results.n} (stated for N = 1000; reported, not asserted)`);
  for (const t of results.targets)
    console.log(`  ${t.met ? 'within target' : 'above target '}  ${t.name}: ${t.value} ${t.unit}`);
  console.log(`\nwrote ${args.out} (${results.durationSeconds} s)`);
}

main().catch((error) => {
  console.error(error instanceof BenchError ? `bench failed: ${error.message}` : error);
  process.exit(1);
});
