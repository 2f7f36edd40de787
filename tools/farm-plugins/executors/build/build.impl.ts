import { logger, type ExecutorContext } from '@nx/devkit';
import { packPlugin } from './lib/pack-plugin';
import type { BuildExecutorSchema } from './schema';
import { executorProject } from '../lib/executor-project';

/** `nx run <plugin>:build` — packs the plugin for npm into dist/<plugin root> (see lib/pack-plugin). */
export default async function buildExecutor(
  options: BuildExecutorSchema,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const { root } = executorProject(context);
  try {
    const report = packPlugin(context.root, root, options.outputPath ?? `dist/${root}`);
    logger.info(
      `packed ${report.name}@${report.version} → ${report.outDir} (${report.compiled} compiled, ${report.python} Python, ${report.assets} other file(s))`,
    );
    return { success: true };
  } catch (error) {
    logger.error((error as Error).message);
    return { success: false };
  }
}
