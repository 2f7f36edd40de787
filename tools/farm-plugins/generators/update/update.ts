import { logger, type GeneratorCallback, type Tree } from '@nx/devkit';
import { existsSync } from 'node:fs';
import { loadFarmState } from '../../src/core/state';
import { treeWorkspace } from '../../src/workspace-io/tree-workspace';
import { fetchFromRegistry, removeFetched } from '../../src/registry';
import { analyzePluginsInTree, createPluginCodeCopy, readFarmWorkspace, reintegrateHosts } from '../lib';
import { enforceSecurityPolicy } from '../lib/enforce-security-policy';
import {
  checkUpdatedGraph,
  recordUpdates,
  refuseLocalEdits,
  replacePluginFiles,
  type ReadyUpdate,
} from './lib/apply-updates';
import { formatPlan, planUpdates, selectRegistryPlugins } from './lib/plan-updates';
import type { UpdateGeneratorSchema } from './schema';

/**
 * `nx g @farm/plugins:update [name]` (= farm plugin update): newer registry versions within the
 * recorded range (or the newest, `--latest`). The plan is printed first; the rest happens in the
 * Tree, so a refusal, a failed download, a broken dependency graph or new code that fails the
 * analysis or the security policy changes nothing.
 */
export default async function updateGenerator(
  tree: Tree,
  options: UpdateGeneratorSchema,
): Promise<GeneratorCallback | void> {
  const log = (line: string) => logger.info(line);
  const workspace = readFarmWorkspace(tree);
  const state = loadFarmState(treeWorkspace(tree));
  const candidates = selectRegistryPlugins(tree, workspace, state, options.name?.trim() || undefined);
  if (!candidates.length) {
    log('no plugins installed from an npm registry: nothing to update');
    return;
  }
  // The workspace's npm config (.npmrc) decides registries and tokens.
  const cwd = existsSync(tree.root) ? tree.root : process.cwd();
  const plans = await planUpdates(candidates, { latest: options.latest === true, cwd, log });
  log(formatPlan(plans, options.latest === true));
  const updates = plans.filter((p) => p.to !== undefined);
  if (!updates.length) {
    log('everything is up to date');
    return;
  }
  if (!options.force) refuseLocalEdits(tree, updates);
  const ready: ReadyUpdate[] = [];
  const code = createPluginCodeCopy(tree);
  try {
    for (const update of updates)
      ready.push({ ...update, to: update.to!, fetched: await fetchFromRegistry(update.name, update.to, { cwd, log }) });
    for (const update of ready) replacePluginFiles(tree, update);
    const next = recordUpdates(tree, workspace, ready, options.latest === true);
    checkUpdatedGraph(tree, next, ready);
    // The new versions' code is checked as validate checks it, before the backend ever imports it.
    const names = ready.map((u) => u.name);
    enforceSecurityPolicy(tree, next, names, options.allowSecurityViolations, analyzePluginsInTree(tree, code, names));
  } finally {
    code.dispose();
    // The Tree holds the new files now; the downloads are not needed either way.
    for (const update of ready) removeFetched(update.fetched);
  }
  const install = options.skipIntegrate ? undefined : await reintegrateHosts(tree);
  for (const update of ready) log(`updated ${update.name} ${update.from} → ${update.to} (${update.root})`);
  return install;
}
