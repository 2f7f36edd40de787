#!/usr/bin/env node
// kill -9 soaks (issue 13). Counts are reported, never timings; the exit code says whether every
// kill left a whole workspace.
//
//   node bench/kill-soak.mjs                        the file transaction, 60 kills (~1 min)
//   node bench/kill-soak.mjs --generators 60        add / deactivate / activate / integrate, 60 kills (~30 min)
//   node bench/kill-soak.mjs --transactions 200 --generators 50 --seed 7
//
// --transactions N: a set of large files committed in a child process (file-transaction.ts),
// SIGKILLed at a random instant, recovered as the next farm/nx command recovers it; the set must
// be wholly old or wholly new with no short file. Default 60, or 0 when --generators is given.
// --generators N: the real nx commands in a temp workspace under Nx's defaults, each one's whole
// process group SIGKILLed — half at an instant of its measured run, half during its commit —
// then `nx show projects`; the workspace must equal the old or the new one exactly and the backend
// must import (src/testing/kill-trials.ts, also used by src/cli/kill-generators.e2e.spec.ts).
// --seed S: the PRNG seed of the instants (default 13).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
require('@swc-node/register');
const tx = require('../tools/farm-plugins/src/workspace-io/file-transaction.ts');

/** The options (node:util parseArgs, strict: an unknown option or a missing value is an error). */
function readOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { transactions: { type: 'string' }, generators: { type: 'string' }, seed: { type: 'string' } },
  });
  const count = (name, fallback) => {
    if (values[name] === undefined) return fallback;
    if (!/^\d+$/.test(values[name]))
      throw new Error(`--${name} takes a whole number (got "${values[name]}"); see the header of bench/kill-soak.mjs`);
    return Number(values[name]);
  };
  const generators = count('generators', 0);
  return { transactions: count('transactions', generators ? 0 : 60), generators, seed: count('seed', 13) };
}

/** Kills commitFiles of four 2 MB files `trials` times; returns the result line and whether all were whole. */
async function soakTransactions(trials) {
  const files = [
    'workspace.json',
    'apps/backend/src/plugins/__init__.py',
    'apps/backend/src/plugins/integration.py',
    'apps/frontend/src/plugins/routes.tsx',
  ];
  const size = 2_000_000;
  const stats = { old: 0, new: 0, interrupted: { prepare: 0, commit: 0 }, bad: 0 };
  for (let trial = 0; trial < trials; trial++) {
    const root = mkdtempSync(join(tmpdir(), 'farm-soak-'));
    for (const f of files) {
      mkdirSync(join(root, f, '..'), { recursive: true });
      writeFileSync(join(root, f), `old:${f}\n${'x'.repeat(size)}\n`);
    }
    const script = `const tx = require(${JSON.stringify(require.resolve('../tools/farm-plugins/src/workspace-io/file-transaction.ts'))}); process.stdout.write('go\\n'); tx.commitFiles(${JSON.stringify(root)}, ${JSON.stringify(files)}.map((p) => ({ path: p, contents: 'new:' + p + '\\n' + 'x'.repeat(${size}) + '\\n' })));`;
    const child = spawn(process.execPath, ['-r', '@swc-node/register', '-e', script], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const exited = new Promise((resolve) => child.once('exit', resolve)); // it may finish before the kill
    await new Promise((resolve) => child.stdout.once('data', resolve));
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 60));
    child.kill('SIGKILL');
    await exited;
    const journal = tx.journalPath(root);
    if (existsSync(journal)) {
      try {
        stats.interrupted[JSON.parse(readFileSync(journal, 'utf8')).state]++;
      } catch {
        // a journal half-renamed is never read: recovery treats it as rolled back
      }
    }
    tx.recoverFileTransaction(root);
    const tags = files.map((f) => (existsSync(join(root, f)) ? readFileSync(join(root, f), 'utf8') : ''));
    const kinds = new Set(tags.map((t) => t.split(':')[0]));
    if (kinds.size !== 1 || tags.some((t) => t.length < size)) stats.bad++;
    else stats[[...kinds][0]]++;
    rmSync(root, { recursive: true, force: true });
  }
  const line = `kill-soak transactions: ${trials} trials — ${stats.old} old, ${stats.new} new, ${stats.bad} torn or mixed; journals found at the kill: ${stats.interrupted.prepare} prepare (rolled back), ${stats.interrupted.commit} commit (completed)`;
  return { line, ok: stats.bad === 0 };
}

/** Kills each generator scenario in turn, `trials` kills in all; returns the result line and whether none had a problem. */
async function soakGenerators(trials, seed) {
  const { createTempWorkspace } = require('../tools/farm-plugins/src/testing/temp-workspace.ts');
  const { removeFolderPlugins } = require('../tools/farm-plugins/src/testing/folder-plugin.ts');
  const { killablePlugin, killScenarios } = require('../tools/farm-plugins/src/testing/kill-scenarios.ts');
  const { snapshotWorkspace } = require('../tools/farm-plugins/src/testing/kill-snapshot.ts');
  const { killTrial, prepareScenario, summarizeTrials } = require('../tools/farm-plugins/src/testing/kill-trials.ts');
  const { prng } = require('../tools/farm-plugins/src/core/testing/prng.ts');
  const random = prng(seed);
  const ws = createTempWorkspace({ withApps: true });
  const results = [];
  try {
    const base = snapshotWorkspace(ws.root);
    const scenarios = killScenarios(killablePlugin());
    for (const [index, scenario] of scenarios.entries()) {
      // N split over the scenarios, the first ones taking the remainder.
      const count = Math.floor(trials / scenarios.length) + (index < trials % scenarios.length ? 1 : 0);
      if (!count) continue;
      const prepared = await prepareScenario(ws, base, scenario);
      console.log(
        `${scenario.name}: the whole command takes ${prepared.durationMs} ms, its commit ~${prepared.commitMs} ms`,
      );
      for (let i = 0; i < count; i++) {
        const trial = await killTrial(ws, prepared, i % 2 ? 'at the commit' : 'whole run', random);
        results.push(trial);
        const at = `${trial.plan.afterMs} ms after the ${trial.plan.at === 'start' ? 'start' : 'journal'}`;
        console.log(
          `  ${trial.mode.padEnd(13)} ${at.padEnd(28)} journal ${trial.journalAtKill.padEnd(7)} → ${trial.outcome}${trial.finishedFirst ? ' (finished first)' : ''}${trial.problems.length ? `\n    ${trial.problems.join('\n    ')}` : ''}`,
        );
      }
    }
  } finally {
    ws.dispose();
    removeFolderPlugins();
  }
  return {
    line: `kill-soak generators (seed ${seed}): ${summarizeTrials(results)}`,
    ok: results.every((t) => t.problems.length === 0),
  };
}

const options = readOptions(process.argv.slice(2));
const lines = [];
let ok = true;
for (const [trials, soak] of [
  [options.transactions, () => soakTransactions(options.transactions)],
  [options.generators, () => soakGenerators(options.generators, options.seed)],
]) {
  if (!trials) continue;
  const result = await soak();
  lines.push(result.line);
  ok &&= result.ok;
}
console.log(lines.join('\n'));
process.exitCode = ok ? 0 : 1;
