// Process helpers and statistics for the benchmark.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export function median(values) {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return undefined;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median of each numeric field over a list of like-shaped objects. */
export function medianOf(samples, pick) {
  return median(samples.map(pick));
}

export class BenchError extends Error {}

/** Runs the in-process worker in a fresh Node and returns its JSON result. */
export function worker(repoRoot, request) {
  const result = spawnSync(
    process.execPath,
    [join(repoRoot, 'bench/lib/inprocess-worker.cjs'), JSON.stringify(request)],
    {
      cwd: request.root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: 300_000,
    },
  );
  const line = result.stdout.trim().split('\n').pop() ?? '';
  let parsed;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new BenchError(`worker ${request.mode} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  if (!parsed.ok) throw new BenchError(`worker ${request.mode} failed:\n${parsed.error}`);
  return parsed;
}

export const nxEnv = {
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
  NX_ISOLATE_PLUGINS: 'false',
  FORCE_COLOR: '0',
  NX_VERBOSE_LOGGING: 'false',
};

/** Runs the real nx CLI in `root`; returns wall time (ms) and output. Fails the bench on a non-zero exit unless told. */
export function nx(repoRoot, root, args, options = {}) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [join(repoRoot, 'node_modules/nx/dist/bin/nx.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...nxEnv, ...options.env },
    maxBuffer: 256 * 1024 * 1024,
    // A cold run-many validate of 1,000 plugins takes ~half an hour here.
    timeout: options.timeout ?? 3 * 3_600_000,
  });
  const ms = performance.now() - started;
  const output = `${result.stdout}\n${result.stderr}`;
  if (result.status !== 0 && !options.allowFailure) {
    throw new BenchError(`nx ${args.join(' ')} exited ${result.status ?? result.signal}:\n${output.slice(-6000)}`);
  }
  return { ms, status: result.status, output };
}

export function git(root, ...args) {
  const result = spawnSync(
    'git',
    ['-c', 'user.email=bench@farm', '-c', 'user.name=bench', '-c', 'commit.gpgsign=false', ...args],
    { cwd: root, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new BenchError(`git ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stdout.trim();
}

/** `fn` run `runs` times; returns the samples. */
export function repeat(runs, fn) {
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(fn(i));
  return samples;
}
