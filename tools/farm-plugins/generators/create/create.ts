import { generateFiles, logger, type GeneratorCallback, type Tree } from '@nx/devkit';
import { join, posix } from 'node:path';
import { FarmError, problem } from '../../src/core/errors';
import { readFarmWorkspace, reintegrateHosts, writeFarmWorkspace } from '../lib';
import { refuseTakenProjectName } from '../lib/refuse-taken-project-name';
import { normalizeCreateOptions } from './lib/normalize-options';
import { scaffoldManifest } from './lib/scaffold-manifest';
import type { CreateGeneratorSchema } from './schema';

/** `nx g @farm/plugins:create weather` — a new plugin that validates and integrates at once. */
export default async function createGenerator(
  tree: Tree,
  schema: CreateGeneratorSchema,
): Promise<GeneratorCallback | void> {
  const options = normalizeCreateOptions(schema);
  const workspace = readFarmWorkspace(tree);
  refuseTakenProjectName(tree, options.packageName, posix.join(options.root, 'plugin.json'));
  if (tree.exists(options.root) || workspace.plugins[options.packageName]) {
    throw new FarmError([
      problem('FARM_E007', `${options.root} (${options.packageName}) already exists`, {
        file: options.root,
        fix: 'choose another name',
      }),
    ]);
  }
  const substitutions = { ...options, manifestJson: JSON.stringify(scaffoldManifest(options), null, 2), tmpl: '' };
  for (const part of ['common', ...(['frontend', 'backend', 'ai'] as const).filter((k) => options[k])]) {
    generateFiles(tree, join(__dirname, 'files', part), options.root, substitutions);
  }
  writeFarmWorkspace(tree, {
    ...workspace,
    plugins: {
      ...workspace.plugins,
      [options.packageName]: {
        source: { type: 'workspace', spec: options.root },
        version: '1.0.0',
        active: true,
        config: {},
      },
    },
  });
  const install = options.skipIntegrate ? undefined : await reintegrateHosts(tree);
  logger.info(
    `created ${options.packageName} in ${options.root} (project ${options.name}); try: nx run ${options.name}:validate`,
  );
  return install;
}
