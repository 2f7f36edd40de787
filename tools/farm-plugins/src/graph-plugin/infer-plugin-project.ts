import type { ProjectConfiguration, TargetConfiguration } from '@nx/devkit';
// Leaf modules, not core/manifest's index: that would load ajv and the schemas into every nx command.
import { projectNameOf } from '../core/manifest/plugin-names';
import { contributedKinds, type FarmPluginManifest } from '../core/manifest/types';
import type { TargetInputs } from './tool-inputs';

type InferredProject = Omit<ProjectConfiguration, 'root'> & { root: string };

/** The tool's own inputs (farmToolInputs) for each target: build's carry typescript too. */
export interface ToolInputs {
  common: TargetInputs;
  build: TargetInputs;
  /** What validate's runtime gate reads of the host apps (gateInputs); none without hosts. */
  gate?: TargetInputs;
}

/**
 * The Nx project for one plugin folder. An unreadable manifest still yields a project (named after
 * its folder) so that `nx run <name>:validate` can say what is wrong with it.
 */
export function inferPluginProject(
  root: string,
  manifest: FarmPluginManifest | undefined,
  tool: ToolInputs,
): InferredProject {
  const name = manifest ? projectNameOf(manifest.name) : root.split('/').pop()!;
  const kinds = manifest ? contributedKinds(manifest) : [];
  return {
    root,
    name,
    projectType: 'library',
    sourceRoot: root,
    tags: ['farm:plugin', ...kinds.map((kind) => `farm:${kind}`)],
    metadata: {
      technologies: ['farm'],
      description: manifest?.description,
      farm: { packageName: manifest?.name, version: manifest?.version },
    },
    targets: {
      validate: validateTarget(manifest, [...(tool.gate ?? []), ...tool.common]),
      typegen: typegenTarget(tool.common),
      build: buildTarget(tool.build),
      publish: publishTarget(),
    },
  };
}

function validateTarget(manifest: FarmPluginManifest | undefined, tool: TargetInputs): TargetConfiguration {
  // Validation resolves this plugin against its dependencies' manifests and the workspace file,
  // and checks declared runtimes: all of that is input, or a cache hit could hide a new failure.
  // The code analysis is input too: the tool's rules (its sources, ts-morph's version), and
  // Python's own parser for any .py file. The runtime gate imports the dependencies' code with the
  // plugin's (^default) and reads the host apps (`tool` carries gateInputs).
  const runtimes = [
    ...(manifest?.nodeVersion ? [{ runtime: 'node --version' }] : []),
    { runtime: '.venv/bin/python --version' },
  ];
  return {
    executor: '@farm/plugins:validate',
    cache: true,
    inputs: ['default', '^default', '{workspaceRoot}/workspace.json', ...runtimes, ...tool],
    outputs: [],
    metadata: { description: 'Check plugin.json, its dependencies, its config and its code' },
  };
}

function typegenTarget(tool: TargetInputs): TargetConfiguration {
  return {
    executor: '@farm/plugins:typegen',
    cache: true,
    // The configSchema and the emitters that read it (the tool's sources, json-schema-to-typescript's
    // version); the outputs sit outside the inputs so the cache can hit.
    inputs: ['manifest', ...tool],
    outputs: ['{projectRoot}/generated'],
    metadata: { description: 'Generate the config types (TypeScript and pydantic) from configSchema' },
  };
}

function buildTarget(tool: TargetInputs): TargetConfiguration {
  return {
    executor: '@farm/plugins:build',
    cache: true,
    dependsOn: ['typegen'],
    // ^default: the type check reads the dependencies' sources a plugin imports (ai-chat → auth).
    inputs: ['default', '^default', '{projectRoot}/generated/**/*', ...tool],
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
