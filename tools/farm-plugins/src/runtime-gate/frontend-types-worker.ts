import { parentPort, workerData } from 'node:worker_threads';
import { loadFarmState } from '../core/state';
import { diskWorkspace } from '../workspace-io';
import { judgeFrontendTypes, type FrontendHost } from './validate-frontend';

/** The worker side of judgeFrontendTypesInWorker: reads the workspace itself (state does not cross threads), checks, posts problems by root. */
const { workspaceRoot, roots, frontend } = workerData as {
  workspaceRoot: string;
  roots: string[];
  frontend: FrontendHost;
};
const state = loadFarmState(diskWorkspace(workspaceRoot));
const wanted = new Set(roots);
void judgeFrontendTypes(
  state,
  state.manifests.filter((m) => wanted.has(m.root)),
  frontend,
  workspaceRoot,
).then((found) => parentPort!.postMessage([...found]));
