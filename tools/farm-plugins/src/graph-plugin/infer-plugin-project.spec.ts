import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FarmPluginManifest } from '../core/manifest/types';
import { inferHostTargets } from './infer-host-targets';
import { inferPluginProject } from './infer-plugin-project';
import { farmToolInputs } from './tool-inputs';

const manifest: FarmPluginManifest = {
  name: '@farm/notes',
  version: '1.0.0',
  description: 'notes',
  author: 'tests',
  license: 'MIT',
  farmVersion: '^1.0.0',
  nodeVersion: '>=20',
  frontend: { components: { Notes: { path: './components/Notes.tsx' } } },
};

const repoRoot = join(__dirname, '../../../..');
const tool = { common: farmToolInputs(repoRoot), build: farmToolInputs(repoRoot, ['typescript']) };
const toolDependencies = ['ajv', 'ajv-formats', 'fast-glob', 'json-schema-to-typescript', 'jsonc-parser', 'picocolors', 'semver', 'tar', 'ts-morph'];

describe('farmToolInputs: the tool’s own sources and versions, defined once', () => {
  it('in this repository: its sources (tests left out), package files and the locked versions of what it runs', () => {
    expect(tool.common).toEqual([
      '{workspaceRoot}/tools/farm-plugins/package.json',
      '{workspaceRoot}/tools/farm-plugins/executors.json',
      '{workspaceRoot}/tools/farm-plugins/src/**/*',
      '!{workspaceRoot}/tools/farm-plugins/src/**/*.spec.ts',
      '!{workspaceRoot}/tools/farm-plugins/src/**/__snapshots__/**',
      '{workspaceRoot}/tools/farm-plugins/executors/**/*',
      '!{workspaceRoot}/tools/farm-plugins/executors/**/*.spec.ts',
      '!{workspaceRoot}/tools/farm-plugins/executors/**/__snapshots__/**',
      { externalDependencies: toolDependencies },
    ]);
    expect(tool.build.at(-1)).toEqual({ externalDependencies: [...toolDependencies, 'typescript'].sort() });
  });

  it('in a workspace the tool is not part of: its installed version', () => {
    expect(farmToolInputs(mkdtempSync(join(tmpdir(), 'farm-other-')), ['typescript'])).toEqual([
      { runtime: `node -p "require('@farm/plugins/package.json').version"` },
      { externalDependencies: ['typescript'] },
    ]);
  });
});

describe('inferPluginProject', () => {
  it('names the project after the package and tags what it contributes', () => {
    const project = inferPluginProject('libs/plugins/notes', manifest, tool);
    expect([project.name, project.tags]).toEqual(['notes', ['farm:plugin', 'farm:frontend']]);
  });

  it("makes everything validate's verdict depends on an input: manifests, workspace file, runtimes, the tool", () => {
    const { inputs } = inferPluginProject('libs/plugins/notes', manifest, tool).targets!.validate;
    expect(inputs).toEqual([
      'default',
      '^manifest',
      '{workspaceRoot}/workspace.json',
      { runtime: 'node --version' },
      // Even a frontend plugin: any .py file in it is parsed by this Python.
      { runtime: '.venv/bin/python --version' },
      ...tool.common,
    ]);
  });

  it('gives every inferred target the tool’s inputs, so an edited emitter re-runs typegen', () => {
    const { targets } = inferPluginProject('libs/plugins/notes', manifest, tool);
    expect(targets!.typegen.inputs).toEqual(['manifest', ...tool.common]);
    expect(targets!.build.inputs).toEqual(['default', '^default', '{projectRoot}/generated/**/*', ...tool.build]);
  });

  it('still yields a project, named after its folder, for a manifest that does not load', () => {
    const project = inferPluginProject('libs/plugins/broken', undefined, tool);
    expect([project.name, Object.keys(project.targets!)]).toEqual(['broken', ['validate', 'typegen', 'build', 'publish']]);
  });
});

describe('inferHostTargets', () => {
  it('gives each @farm/plugins:integrate target of a project.json the workspace file, its plugins and the tool', () => {
    const projectJson = { targets: { integrate: { executor: '@farm/plugins:integrate', options: { host: 'backend' } }, serve: { command: 'x' } } };
    expect(inferHostTargets(projectJson, tool.common)).toEqual({
      integrate: { executor: '@farm/plugins:integrate', cache: true, inputs: ['{workspaceRoot}/workspace.json', '^default', ...tool.common] },
    });
    expect(inferHostTargets({ targets: { build: { command: 'vite build' } } }, tool.common)).toEqual({});
  });
});
