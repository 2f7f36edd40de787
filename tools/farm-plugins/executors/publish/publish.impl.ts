import { logger, type ExecutorContext } from '@nx/devkit';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PublishExecutorSchema } from './schema';
import { executorProject } from '../lib/executor-project';

/**
 * `nx run <plugin>:publish` — `npm publish` of the built package (dist/<plugin root>, made by the
 * `build` target this one depends on). npm runs from the workspace root so it reads the
 * workspace's .npmrc (registry, `@scope:registry`, tokens) exactly as `npm publish` would there.
 */
export default async function publishExecutor(
  options: PublishExecutorSchema,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const { root } = executorProject(context);
  const packageDir = resolve(context.root, options.packagePath ?? `dist/${root}`);
  const packageFile = join(packageDir, 'package.json');
  if (!existsSync(packageFile)) {
    logger.error(`${packageFile} does not exist: build the plugin first (nx run ${context.projectName}:build)`);
    return { success: false };
  }
  const { name, version } = JSON.parse(readFileSync(packageFile, 'utf8')) as { name: string; version: string };
  const args = ['publish', packageDir, ...publishFlags(name, options)];
  logger.info(`npm ${args.join(' ')}`);
  const result = spawnSync(options.npmPath ?? 'npm', args, { cwd: context.root, stdio: 'inherit', env: process.env });
  if (result.error) {
    logger.error(`cannot run npm: ${result.error.message}`);
    return { success: false };
  }
  if (result.status !== 0) {
    logger.error(`npm publish of ${name}@${version} failed (exit ${result.status}); npm's message is above`);
    return { success: false };
  }
  logger.info(`published ${name}@${version}${options.dryRun ? ' (dry run)' : ''}`);
  return { success: true };
}

/**
 * npm flags for the options. A scoped package goes to its scope's registry even when
 * `--registry` is given, so `registry` is passed for the scope too.
 */
export function publishFlags(name: string, options: PublishExecutorSchema): string[] {
  const scope = /^(@[^/]+)\//.exec(name)?.[1];
  return [
    ...(options.registry
      ? [`--registry=${options.registry}`, ...(scope ? [`--${scope}:registry=${options.registry}`] : [])]
      : []),
    ...(options.tag ? [`--tag=${options.tag}`] : []),
    ...(options.access ? [`--access=${options.access}`] : []),
    ...(options.dryRun ? ['--dry-run'] : []),
  ];
}
