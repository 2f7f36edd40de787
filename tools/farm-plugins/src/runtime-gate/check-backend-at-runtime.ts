import { logger, type Tree } from '@nx/devkit';
import { rmSync } from 'node:fs';
import { join, posix } from 'node:path';
import { FarmError } from '../core/errors';
import type { IntegrationPlan } from '../core/plan';
import { pythonExecutable } from '../workspace-io/runtimes';
import { stageMissingPackages } from '../python-env';
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
  const staged = stageBackend(tree, backendRoot, plan);
  try {
    const site = stageMissingPackages(join(staged.root, '.gate-site'), lock, pythonExecutable, staged.root);
    const outcome = await runBackendGate(pythonExecutable, staged, { extraPath: site });
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
