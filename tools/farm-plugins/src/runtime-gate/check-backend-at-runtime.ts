import { logger, type Tree } from '@nx/devkit';
import { existsSync, rmSync } from 'node:fs';
import { join, posix } from 'node:path';
import { FarmError } from '../core/errors';
import type { IntegrationPlan } from '../core/plan';
import { pythonExecutable } from '../workspace-io/runtimes';
import { gateSiteCache, stageMissingPackages } from '../python-env';
import { endpointCallProblems, importFailureProblems, urlOwnershipProblems } from './gate-problems';
import { runBackendGate } from './run-backend-gate';
import { stageBackend } from './stage-backend';

/**
 * The runtime gate of a generator's change (WordPress's "activate in a sandbox first"): the
 * candidate backend — the Tree's generated code, host and active plugins — is imported by the
 * backend's own Python and FastAPI, with the packages the change would install staged beside
 * the venv (not in it). Throws FarmError before anything is written when it does not import
 * (FARM_E103, located in the plugin at fault) or when two owners answer one URL (FARM_E104).
 * Costs one Python process (~1 s; more with many plugins), run asynchronously: the caller may
 * type-check the frontend meanwhile.
 */
export async function checkBackendAtRuntime(
  tree: Tree,
  backendRoot: string,
  plan: IntegrationPlan,
  lock: string,
): Promise<void> {
  const entry = posix.join(backendRoot, 'src/main.py');
  if (!tree.exists(entry)) {
    // A workspace whose backend project has no app (tests of the graph alone): nothing to import.
    logger.warn(`runtime gate skipped: ${entry} does not exist`);
    return;
  }
  const step = stepTimer();
  const staged = stageBackend(tree, backendRoot, plan);
  step('stage');
  try {
    // Kept in the workspace between gates (add --dry-run, then add); a virtual Tree (tests) has none.
    const cache = existsSync(join(tree.root, 'node_modules'))
      ? join(tree.root, gateSiteCache)
      : join(staged.root, '.gate-site');
    const site = stageMissingPackages(lock, pythonExecutable, cache, staged.root);
    step('packages');
    // A minute, and half a second for each plugin imported (as validate's gate allows).
    const timeoutMs = 60_000 + 500 * plan.plugins.length;
    const outcome = await runBackendGate(pythonExecutable, staged, { extraPath: site, timeoutMs });
    step('python');
    if (!outcome.ok) {
      const outDir = posix.join(backendRoot, 'src');
      const generated = new Map(
        tree
          .listChanges()
          .filter((c) => c.path.startsWith(outDir) && c.content)
          .map((c) => [c.path, c.content!.toString('utf8')]),
      );
      for (const file of ['integration.py', '__init__.py', 'ai_config.py']) {
        const path = posix.join(outDir, 'plugins', file);
        if (!generated.has(path) && tree.exists(path)) generated.set(path, tree.read(path, 'utf-8')!);
      }
      throw new FarmError(importFailureProblems(outcome, plan, generated, [staged.root, tree.root]));
    }
    const clashes = [...urlOwnershipProblems(outcome.routes, plan), ...endpointCallProblems(outcome.endpoints, plan)];
    if (clashes.length) throw new FarmError(clashes);
  } finally {
    rmSync(staged.root, { recursive: true, force: true });
  }
}

/**
 * With FARM_GATE_TIMINGS set, prints how long each step of the backend half took since the last
 * (`[farm] runtime gate backend/python: 812 ms`), for bench/gate-cost.mjs; otherwise does nothing.
 */
function stepTimer(): (step: string) => void {
  let last = performance.now();
  return (step) => {
    if (!process.env.FARM_GATE_TIMINGS) return;
    const now = performance.now();
    process.stderr.write(`[farm] runtime gate backend/${step}: ${Math.round(now - last)} ms\n`);
    last = now;
  };
}
