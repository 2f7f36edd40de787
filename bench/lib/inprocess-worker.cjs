// One measurement in a fresh Node process (so "cold" means cold: no JIT, no caches, no module
// state), reported as one JSON line on stdout. Spawned by bench/run.mjs; see docs/performance.md.
//
//   floor    — read + JSON.parse workspace.json and every plugin.json, write the host's output
//              files (the bytes integrate produces): the I/O no implementation can avoid.
//   pipeline — what `nx run <host>:integrate` does in its executor (loadFarmState → integrateHost
//              → writeGeneratedFiles), timed by stage; then the same again with nothing changed.
'use strict';
const { mkdirSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { dirname, join, resolve } = require('node:path');

const repoRoot = resolve(__dirname, '../..');
const request = JSON.parse(process.argv[2]);
const now = () => performance.now();

function floor({ root, reference }) {
  const outputs = JSON.parse(readFileSync(reference, 'utf8'));
  const t0 = now();
  let names = 0;
  JSON.parse(readFileSync(join(root, 'workspace.json'), 'utf8'));
  for (const folder of readdirSync(join(root, 'libs/plugins'))) {
    names += JSON.parse(readFileSync(join(root, 'libs/plugins', folder, 'plugin.json'), 'utf8')).name.length;
  }
  const t1 = now();
  for (const file of outputs) {
    const target = join(root, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.contents);
  }
  const t2 = now();
  return { total: t2 - t0, read: t1 - t0, write: t2 - t1, names };
}

function pipeline({ root, host }) {
  // The same transpiler Nx registers for a local TypeScript plugin; loading is not timed.
  process.env.SWC_NODE_PROJECT ??= join(repoRoot, 'tsconfig.base.json');
  require('@swc-node/register');
  const src = join(repoRoot, 'tools/farm-plugins/src');
  const { loadFarmState } = require(join(src, 'core/state'));
  const { integrateHost } = require(join(src, 'core/integrate'));
  const { hasErrors, formatProblems } = require(join(src, 'core/errors'));
  const { diskWorkspace, diskIntegrationInputs, writeGeneratedFiles } = require(join(src, 'workspace-io'));
  const before = new Set(Object.keys(require.cache));

  // Mirrors executors/integrate/integrate.impl.ts step by step (the bench checks that Nx's run of
  // the real executor writes the same bytes). `keptVerdicts: false` measures a machine's first run,
  // before ajv's verdicts on the plugin configs were kept (docs/performance.md).
  const forget = { has: () => false, add() {}, save() {} };
  const once = () => {
    const t0 = now();
    const state = loadFarmState(diskWorkspace(root));
    const t1 = now();
    const inputs = diskIntegrationInputs(root, state);
    if (request.keptVerdicts === false) inputs.configVerdicts = forget;
    const result = integrateHost({ ...inputs, state, host, outDir: `apps/${host}/src/plugins`, project: host });
    inputs.configVerdicts.save();
    const t2 = now();
    if (hasErrors(result.problems))
      throw new Error(`integrate ${host} reported errors:\n${formatProblems(result.problems).slice(0, 4000)}`);
    const report = writeGeneratedFiles(root, result.files);
    const t3 = now();
    return {
      timings: { total: t3 - t0, load: t1 - t0, integrate: t2 - t1, write: t3 - t2, afterLoad: t3 - t1 },
      written: report.written.length,
      unchanged: report.unchanged.length,
      warnings: result.problems.length,
      plugins: result.plan?.plugins.length ?? 0,
      files: result.files,
    };
  };
  const cold = once();
  const noop = once();
  if (request.reference) writeFileSync(request.reference, JSON.stringify(cold.files));
  const loaded = Object.keys(require.cache).filter((m) => !before.has(m));
  const heavy = ['ts-morph', 'prettier', 'json-schema-to-typescript'].filter((name) =>
    [...before, ...loaded].some((m) => m.includes(`/node_modules/${name}/`)),
  );
  const strip = ({ files, ...rest }) => ({ ...rest, bytes: files.reduce((n, f) => n + f.contents.length, 0) });
  return { cold: strip(cold), noop: strip(noop), heavyModules: heavy };
}

try {
  const result = request.mode === 'floor' ? floor(request) : pipeline(request);
  // maxRSS is the process's peak resident set (KiB), module loading included.
  process.stdout.write(JSON.stringify({ ok: true, ...result, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
} catch (error) {
  process.stdout.write(JSON.stringify({ ok: false, error: String(error?.stack ?? error) }) + '\n');
  process.exitCode = 1;
}
