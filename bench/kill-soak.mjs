#!/usr/bin/env node
// kill -9 soak of the file transaction (issue 13): commits a set of large files in a child process,
// SIGKILLs it at a random instant, runs the recovery the next farm/nx command runs, and checks the
// set is wholly old or wholly new with no short file. Usage: node bench/kill-soak.mjs [trials=60]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
require('@swc-node/register');
const tx = require('../tools/farm-plugins/src/workspace-io/file-transaction.ts');
const trials = Number(process.argv[2] ?? 60);
const files = ['workspace.json', 'apps/backend/src/plugins/__init__.py', 'apps/backend/src/plugins/integration.py', 'apps/frontend/src/plugins/routes.tsx'];
const size = 2_000_000;
const stats = { old: 0, new: 0, interrupted: { prepare: 0, commit: 0 }, bad: 0 };
for (let trial = 0; trial < trials; trial++) {
  const root = mkdtempSync(join(tmpdir(), 'farm-soak-'));
  for (const f of files) {
    mkdirSync(join(root, f, '..'), { recursive: true });
    writeFileSync(join(root, f), `old:${f}\n${'x'.repeat(size)}\n`);
  }
  const script = `const tx = require(${JSON.stringify(require.resolve('../tools/farm-plugins/src/workspace-io/file-transaction.ts'))}); process.stdout.write('go\\n'); tx.commitFiles(${JSON.stringify(root)}, ${JSON.stringify(files)}.map((p) => ({ path: p, contents: 'new:' + p + '\\n' + 'x'.repeat(${size}) + '\\n' })));`;
  const child = spawn(process.execPath, ['-r', '@swc-node/register', '-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
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
console.log(`kill-soak: ${trials} trials — ${stats.old} old, ${stats.new} new, ${stats.bad} torn or mixed; journals found at the kill: ${stats.interrupted.prepare} prepare (rolled back), ${stats.interrupted.commit} commit (completed)`);
process.exitCode = stats.bad ? 1 : 0;
