import { logger } from '@nx/devkit';
import { rmSync } from 'node:fs';
import { syncVenvAfterWrite } from '../../src/python-env';
import { readNpmRecord, unvouchedCopies } from '../../src/runtime-gate/npm-installed';
import { pendingInstallsPath, readPendingInstalls } from '../../src/workspace-io/pending-installs';
import { installAfterWrite, nodeModulesOutside } from './npm-dependencies';

/**
 * Finishes the installs an earlier change's record says it owes (`.farm/install-pending.json`,
 * pending-installs.ts: interrupted or failed after that change was written), before the next
 * generator reads anything — so any generator repairs them, one with nothing to change too
 * (issue 12, "nothing lost"). Python: `uv pip sync` of the recorded lock again. npm: the copies
 * the interrupted install may have half-extracted (unvouchedCopies of the recorded packages, and
 * the folders newer than npm's record with them) are removed, since `npm install` would keep them,
 * then the install runs again. Each says so in a line. Nothing owed: one failed read, nothing
 * else. Rejects when an install fails again (the record stays for the next attempt).
 */
export async function finishPendingInstalls(workspaceRoot: string): Promise<void> {
  const owed = readPendingInstalls(workspaceRoot);
  if (owed === undefined) return;
  const record = pendingInstallsPath(workspaceRoot);
  if (owed.python) {
    logger.warn(`an earlier change's Python install did not finish (${record}): installing it first`);
    logger.info(`python: ${await syncVenvAfterWrite(workspaceRoot, owed.python.lockFile, owed.python.backend)}`);
  }
  if (owed.npm) {
    logger.warn(`an earlier change's npm install did not finish (${record}): installing it first`);
    const outside = nodeModulesOutside(workspaceRoot);
    if (outside !== undefined) {
      logger.warn(`node_modules links to ${outside}, outside this workspace: run npm ci there`);
      return;
    }
    for (const folder of unvouchedCopies(workspaceRoot, owed.npm.packages, readNpmRecord(workspaceRoot))) {
      logger.info(`npm: ${folder} may be half-extracted by the interrupted install: extracting it again`);
      rmSync(folder, { recursive: true, force: true });
    }
    await installAfterWrite(workspaceRoot, owed.npm.packages);
  }
}
