import { logger, type Tree } from '@nx/devkit';
import { existsSync, readFileSync } from 'node:fs';
import { join, posix, relative, resolve } from 'node:path';
import { FarmError, problem } from '../../src/core/errors';
import type { FarmEnvironment } from '../../src/core/manifest';
import type { FarmWorkspace } from '../../src/core/workspace';
import { applyTreeOperations, hookProblems, runFencedHooks, treeOperationProblems } from '../../src/hook-fence';
import type { PluginCode } from './plugin-code-copy';

export type LifecycleHook = 'onInstall' | 'onActivate' | 'onDeactivate' | 'onUninstall';

/** The spec's PluginContext, plus the Tree so a hook's own file changes join the same transaction. */
export interface PluginContext {
  config: FarmWorkspace;
  pluginConfig: Record<string, unknown>;
  farmVersion: string;
  environment: FarmEnvironment;
  logger: Pick<typeof logger, 'info' | 'warn' | 'error' | 'debug'>;
  tree: Tree;
  plugin: { name: string; version: string; root: string };
}

export const defaultHookTimeoutMs = 60_000;

/** How long one hook may take: the generator's `hookTimeoutMs`, else $FARM_HOOK_TIMEOUT_MS, else 60 s. */
export function hookTimeoutMs(option?: number): number {
  const [value, source] =
    option !== undefined
      ? [option, 'hookTimeoutMs']
      : [process.env.FARM_HOOK_TIMEOUT_MS || undefined, 'FARM_HOOK_TIMEOUT_MS'];
  if (value === undefined) return defaultHookTimeoutMs;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms <= 0)
    throw new Error(`${source}=${value}: the hook time limit must be a whole number of milliseconds above 0`);
  return ms;
}

/**
 * Runs a plugin's hooks, in order, in one fenced child process (hook-fence): loaded from `code`,
 * each with the time limit, writing only through the Tree. Their Tree changes reach `context.tree`
 * only if every hook succeeded; otherwise a FarmError (FARM_E130–E134) names the plugin and the
 * hook, located in its code, and the generator stops — Nx then writes nothing. No package.json
 * `main`: no hooks, no process.
 */
export async function runLifecycleHooks(
  code: PluginCode,
  hooks: readonly LifecycleHook[],
  context: PluginContext,
  options: { timeoutMs?: number } = {},
): Promise<void> {
  const entry = hookEntry(code, context.plugin.name);
  if (!entry) return;
  const { tree } = context;
  const outcome = await runFencedHooks({
    plugin: context.plugin.name,
    entry,
    hooks: [...hooks],
    context: {
      config: context.config,
      pluginConfig: context.pluginConfig,
      farmVersion: context.farmVersion,
      environment: context.environment,
      plugin: context.plugin,
    },
    workspaceRoot: tree.root,
    changes: tree
      .listChanges()
      .map((c) => ({ path: c.path, content: c.content, ...(c.options ? { options: c.options } : {}) })),
    cwd: existsSync(tree.root) ? tree.root : code.dir,
    timeoutMs: hookTimeoutMs(options.timeoutMs),
    log: (level, message) => context.logger[level](message),
  });
  const problems = hookProblems(outcome, { plugin: context.plugin.name, root: code.root, codeDir: code.dir, entry });
  if (outcome.kind === 'done')
    problems.push(
      ...treeOperationProblems(tree, outcome.ops, {
        plugin: context.plugin.name,
        file: posix.join(code.root, relative(code.dir, entry)),
      }),
    );
  if (problems.length) throw new FarmError(problems);
  if (outcome.kind === 'done') applyTreeOperations(tree, outcome.ops);
}

/** The module exporting the hooks: package.json `main`, a file of the plugin. */
function hookEntry(code: PluginCode, plugin: string): string | undefined {
  const packageJson = join(code.dir, 'package.json');
  if (!existsSync(packageJson)) return undefined;
  const where = { plugin, file: posix.join(code.root, 'package.json'), pointer: '/main' };
  let main: unknown;
  try {
    main = JSON.parse(readFileSync(packageJson, 'utf8')).main;
  } catch (error) {
    throw new FarmError([
      problem(
        'FARM_E130',
        `${plugin}: package.json is not valid JSON (${(error as Error).message}), so its hooks cannot be loaded. Nothing was changed.`,
        { ...where, pointer: undefined },
      ),
    ]);
  }
  if (typeof main !== 'string') return undefined;
  const entry = resolve(code.dir, main);
  if (!entry.startsWith(`${code.dir}/`)) {
    throw new FarmError([
      problem(
        'FARM_E130',
        `${plugin}: package.json "main" (${main}) is outside the plugin; hooks are loaded only from the plugin's own, analyzed files. Nothing was changed.`,
        where,
      ),
    ]);
  }
  if (!existsSync(entry)) {
    throw new FarmError([
      problem(
        'FARM_E130',
        `${plugin}: package.json "main" points at ${main}, which is not a file of the plugin (build products such as dist/ are not installed). Nothing was changed.`,
        where,
      ),
    ]);
  }
  return entry;
}

export function pluginContext(
  tree: Tree,
  workspace: FarmWorkspace,
  plugin: PluginContext['plugin'],
  pluginConfig: Record<string, unknown>,
): PluginContext {
  return {
    config: workspace,
    pluginConfig,
    farmVersion: workspace.farmVersion,
    environment: workspace.environment ?? 'development',
    logger,
    tree,
    plugin,
  };
}
