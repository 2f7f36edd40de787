import type { ProjectConfiguration, TargetConfiguration } from '@nx/devkit';
// Leaf modules, not core/manifest's index: that would load ajv and the schemas into every nx command.
import { projectNameOf } from '../core/manifest/plugin-names';
import { contributedKinds, type FarmPluginManifest } from '../core/manifest/types';

type InferredProject = Omit<ProjectConfiguration, 'root'> & { root: string };

/**
 * The Nx project for one plugin folder. An unreadable manifest still yields a project (named after
 * its folder) so that `nx run <name>:validate` can say what is wrong with it.
 */
export function inferPluginProject(root: string, manifest: FarmPluginManifest | undefined): InferredProject {
  const name = manifest ? projectNameOf(manifest.name) : root.split('/').pop()!;
  const kinds = manifest ? contributedKinds(manifest) : [];
  return {
    root,
    name,
    projectType: 'library',
    sourceRoot: root,
    tags: ['farm:plugin', ...kinds.map((kind) => `farm:${kind}`)],
    metadata: { technologies: ['farm'], description: manifest?.description, farm: { packageName: manifest?.name, version: manifest?.version } },
    targets: {
      validate: validateTarget(manifest),
      typegen: typegenTarget(),
      build: buildTarget(),
      publish: publishTarget(),
    },
  };
}

function validateTarget(manifest: FarmPluginManifest | undefined): TargetConfiguration {
  // Validation resolves this plugin against its dependencies' manifests and the workspace file,
  // and checks declared runtimes: all of that is input, or a cache hit could hide a new failure.
  // The code analysis is input too: ts-morph's rules, and Python's own parser for any .py file.
  const runtimes = [...(manifest?.nodeVersion ? [{ runtime: 'node --version' }] : []), { runtime: '.venv/bin/python --version' }];
  return {
    executor: '@farm/plugins:validate',
    cache: true,
    inputs: ['default', '^manifest', '{workspaceRoot}/workspace.json', ...runtimes, { externalDependencies: ['ajv', 'semver', 'ts-morph'] }],
    outputs: [],
    metadata: { description: 'Check plugin.json, its dependencies, its config and its code' },
  };
}

function typegenTarget(): TargetConfiguration {
  return {
    executor: '@farm/plugins:typegen',
    cache: true,
    // Only the configSchema matters, and the outputs sit outside the inputs so the cache can hit.
    inputs: ['manifest', { externalDependencies: ['json-schema-to-typescript'] }],
    outputs: ['{projectRoot}/generated'],
    metadata: { description: 'Generate the config types (TypeScript and pydantic) from configSchema' },
  };
}

function buildTarget(): TargetConfiguration {
  return {
    executor: '@farm/plugins:build',
    cache: true,
    dependsOn: ['typegen'],
    // ^default: the type check reads the dependencies' sources a plugin imports (ai-chat → auth).
    inputs: ['default', '^default', '{projectRoot}/generated/**/*', { externalDependencies: ['typescript'] }],
    outputs: ['{workspaceRoot}/dist/{projectRoot}'],
    metadata: { description: 'Pack the plugin for npm: compiled JS + .d.ts, plugin.json, Python sources' },
  };
}

function publishTarget(): TargetConfiguration {
  return {
    executor: '@farm/plugins:publish',
    // Publishing is a side effect on a registry: never cached, always of a fresh build.
    cache: false,
    dependsOn: ['build'],
    metadata: { description: 'npm publish the built package (registry and token from the workspace .npmrc)' },
  };
}
