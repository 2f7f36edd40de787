import { logger, type Tree } from '@nx/devkit';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FarmEnvironment } from '../../core/manifest';
import type { FarmWorkspace } from '../../core/workspace';

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

type Hooks = Partial<Record<LifecycleHook, (context: PluginContext) => unknown>>;

/**
 * The hooks a plugin's entry module (package.json `main`) exports. TypeScript entries are loaded
 * through the same transpiler Nx uses for local plugins. No package.json or no `main`: no hooks.
 */
export function loadLifecycleHooks(pluginDir: string): Hooks {
  const packageJson = join(pluginDir, 'package.json');
  if (!existsSync(packageJson)) return {};
  const main = JSON.parse(readFileSync(packageJson, 'utf8')).main;
  if (typeof main !== 'string') return {};
  const entry = resolve(pluginDir, main);
  if (!existsSync(entry)) throw new Error(`${packageJson}: "main" points at ${main}, which does not exist`);
  if (/\.tsx?$/.test(entry)) require('@swc-node/register');
  return require(entry) as Hooks;
}

/** Runs one hook if the plugin has it; a throwing hook aborts the generator (nothing is written). */
export async function runLifecycleHook(hooks: Hooks, hook: LifecycleHook, context: PluginContext): Promise<void> {
  const fn = hooks[hook];
  if (typeof fn !== 'function') return;
  logger.info(`${context.plugin.name}: ${hook}`);
  try {
    await fn(context);
  } catch (error) {
    throw new Error(`${context.plugin.name} ${hook} failed: ${(error as Error).message ?? error}. Nothing was changed.`);
  }
}

export function pluginContext(tree: Tree, workspace: FarmWorkspace, plugin: PluginContext['plugin'], pluginConfig: Record<string, unknown>): PluginContext {
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
