import { logger, type GeneratorCallback, type Tree } from '@nx/devkit';
import { posix } from 'node:path';
import { dedupeProblems, FarmError, hasErrors, problem, type FarmProblem } from '../../src/core/errors';
import { stripByteOrderMark } from '../../src/core/json';
import { projectNameOf, type LoadedManifest } from '../../src/core/manifest';
import { resolvePluginGraph } from '../../src/core/graph';
import { loadFarmState } from '../../src/core/state';
import type { FarmWorkspace } from '../../src/core/workspace';
import { treeWorkspace } from '../../src/workspace-io/tree-workspace';
import { enforceSecurityPolicy } from '../lib/enforce-security-policy';
import { repairNpmDependencies } from '../lib/npm-dependencies';
import { refuseTakenProjectName } from '../lib/refuse-taken-project-name';
import {
  analyzePluginsInTree,
  createPluginCodeCopy,
  pluginContext,
  pluginIntegrity,
  readFarmWorkspace,
  reintegrateHosts,
  runLifecycleHooks,
  writeFarmWorkspace,
  type LifecycleHook,
  type PluginCodeCopy,
} from '../lib';
import { parseConfigOption } from './lib/parse-config-option';
import { planInstalls, type PlannedInstall } from './lib/plan-installs';
import type { AddGeneratorSchema } from './schema';

/**
 * `nx g @farm/plugins:add <spec>` (= farm plugin install). Everything happens in the Tree: if a
 * dependency cannot be had, a check fails or a hook throws, the workspace is left untouched.
 */
export default async function addGenerator(tree: Tree, options: AddGeneratorSchema): Promise<GeneratorCallback | void> {
  const workspace = readFarmWorkspace(tree);
  const state = loadFarmState(treeWorkspace(tree));
  const log = (line: string) => logger.info(line);
  const installs = await planInstalls(options.spec, state, workspace, {
    cwd: process.cwd(),
    workspaceRoot: tree.root,
    log,
  });
  // Dependencies first: the plugin asked for is the last one.
  const root = installs.at(-1);
  if (!root) {
    // Its npm packages may not be: removed by hand, or outside the declared range (an interrupted
    // install is finished before any generator runs: commitAtomically's pending installs).
    const repair = repairNpmDependencies(tree, state);
    logger.info(
      repair
        ? `${options.spec} is in the workspace, but npm packages the plugins declare are missing from node_modules or outside their range: installing them again`
        : `${options.spec} is already installed; see nx g @farm/plugins:activate or :update`,
    );
    return repair;
  }
  const names = installs.map((i) => i.plugin.loaded.manifest.name);
  const code = createPluginCodeCopy(tree);
  let install: GeneratorCallback | undefined;
  try {
    for (const install of installs) placePlugin(tree, install);
    const recorded = recordInWorkspace(tree, workspace, installs, root, options);
    checkInstalledGraph(tree, recorded, installs);
    // Checked as validate checks it before any of its code runs: a plugin that fails has no hook run.
    const next = enforceSecurityPolicy(
      tree,
      recorded,
      names,
      options.allowSecurityViolations,
      analyzePluginsInTree(tree, code, names),
    );
    await runInstallHooks(tree, next, installs, code, options.hookTimeoutMs);
    if (!options.skipIntegrate) install = await reintegrateHosts(tree);
  } catch (error) {
    throw error instanceof FarmError ? withWhereFilesAre(error, installs) : error;
  } finally {
    code.dispose();
    for (const { plugin } of installs) if (plugin.kind === 'fetched') plugin.fetched.cleanup?.();
  }
  for (const planned of installs) {
    const { name, version } = planned.plugin.loaded.manifest;
    log(
      `added ${name}@${version} → ${planned.plugin.loaded.root}${planned.neededBy ? ` (needed by ${planned.neededBy})` : ''}`,
    );
  }
  return install;
}

/**
 * After a refusal nothing is written, so libs/plugins/<name>/… in the problems names a file that
 * does not exist: the error ends by saying where a folder plugin's files are (the ones to edit),
 * for each one its problems name.
 */
function withWhereFilesAre(error: FarmError, installs: readonly PlannedInstall[]): FarmError {
  const named = (root: string) =>
    error.problems.some((p) => p.file?.startsWith(`${root}/`) || p.message.includes(`${root}/`));
  const lines = installs.flatMap(({ plugin }) =>
    plugin.kind === 'fetched' && plugin.fetched.source.type === 'local' && named(plugin.loaded.root)
      ? [`${plugin.loaded.root}/ above stands for ${plugin.fetched.dir}/`]
      : [],
  );
  return lines.length ? new FarmError(error.problems, `nothing was written: ${lines.join('; ')}`) : error;
}

/** Copies a fetched plugin into libs/plugins/<name>; a workspace plugin is already there. */
function placePlugin(tree: Tree, install: PlannedInstall): void {
  const { plugin } = install;
  if (plugin.kind === 'workspace') return;
  const root = plugin.loaded.root;
  refuseTakenProjectName(tree, plugin.loaded.manifest.name, plugin.loaded.file);
  if (tree.exists(root)) throw new FarmError([folderTaken(tree, plugin.loaded)]);
  for (const file of plugin.fetched.files) tree.write(posix.join(root, file.path), file.bytes);
}

/**
 * FARM_E007 for a plugin whose folder libs/plugins/<name> the workspace already has: held by
 * another plugin, by something that is no plugin, or by this same plugin (a copy made by hand,
 * not added: `add <name>` adds that copy; this one would overwrite it).
 */
function folderTaken(tree: Tree, loaded: LoadedManifest): FarmProblem {
  const { root } = loaded;
  const { name } = loaded.manifest;
  const heldBy = manifestNameIn(tree, posix.join(root, 'plugin.json'));
  const at = { plugin: name, file: root };
  if (heldBy === name)
    return problem('FARM_E007', `${root} already holds ${name}, so a second copy of it cannot be added there`, {
      ...at,
      fix: `nx g @farm/plugins:add ${projectNameOf(name)} adds the copy in ${root}; to add this one instead, remove ${root} first`,
    });
  return problem(
    'FARM_E007',
    `${root} already exists and holds ${heldBy === undefined ? 'no readable plugin.json' : heldBy}, not ${name}`,
    { ...at, fix: `remove ${root} or rename one of the plugins` },
  );
}

/** The `name` of the plugin.json at `file` in the Tree, or undefined when there is none or it cannot be read. */
function manifestNameIn(tree: Tree, file: string): string | undefined {
  try {
    const name = JSON.parse(stripByteOrderMark(tree.read(file, 'utf-8') ?? '')).name;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

function recordInWorkspace(
  tree: Tree,
  workspace: FarmWorkspace,
  installs: PlannedInstall[],
  root: PlannedInstall,
  options: AddGeneratorSchema,
): FarmWorkspace {
  const plugins = { ...workspace.plugins };
  for (const install of installs) {
    const { plugin } = install;
    const { name, version } = plugin.loaded.manifest;
    plugins[name] = {
      source: plugin.kind === 'workspace' ? { type: 'workspace', spec: plugin.loaded.root } : plugin.fetched.source,
      version,
      ...(plugin.kind === 'fetched' ? { integrity: pluginIntegrity(plugin.fetched.files) } : {}),
      // Dependencies stay active even for a --disabled install: other plugins may need them.
      active: install !== root || !options.disabled,
      config: install === root ? parseConfigOption(options.config) : {},
    };
  }
  const next = { ...workspace, plugins };
  writeFarmWorkspace(tree, next);
  return next;
}

/** farmVersion, ranges, conflicts, config: only problems of the plugins being installed block it. */
function checkInstalledGraph(tree: Tree, workspace: FarmWorkspace, installs: PlannedInstall[]): void {
  const names = new Set(installs.map((i) => i.plugin.loaded.manifest.name));
  const state = loadFarmState(treeWorkspace(tree));
  const ours = (p: { plugin?: string; related?: string[] }) =>
    (p.plugin !== undefined && names.has(p.plugin)) || (p.related ?? []).some((r) => names.has(r));
  const problems = [
    ...state.problems.filter(ours),
    ...resolvePluginGraph({
      manifests: state.manifests,
      refusedManifests: state.refusedManifests,
      workspace,
      workspaceDocument: state.workspaceDocument,
    }).problems.filter(ours),
    ...resolvePluginGraph({
      manifests: state.manifests,
      refusedManifests: state.refusedManifests,
      workspace,
      select: [...names],
    }).problems.filter(ours),
  ];
  if (hasErrors(problems)) throw new FarmError(dedupeProblems(problems.filter((p) => p.severity === 'error')));
}

/** onInstall then (unless --disabled) onActivate, fenced, from the copy that was analyzed. */
async function runInstallHooks(
  tree: Tree,
  workspace: FarmWorkspace,
  installs: PlannedInstall[],
  code: PluginCodeCopy,
  timeoutMs: number | undefined,
): Promise<void> {
  const state = loadFarmState(treeWorkspace(tree));
  const names = installs.map((i) => i.plugin.loaded.manifest.name);
  const configs = new Map(
    resolvePluginGraph({ manifests: state.manifests, workspace, select: names }).order.map((p) => [p.name, p.config]),
  );
  for (const { plugin } of installs) {
    const { name, version } = plugin.loaded.manifest;
    const context = pluginContext(
      tree,
      workspace,
      { name, version, root: plugin.loaded.root },
      configs.get(name) ?? {},
    );
    const hooks: LifecycleHook[] = workspace.plugins[name]?.active ? ['onInstall', 'onActivate'] : ['onInstall'];
    await runLifecycleHooks(code.copy(plugin.loaded.root), hooks, context, { timeoutMs });
  }
}
