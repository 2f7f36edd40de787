import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FarmPluginManifest } from '../core/manifest/types';
import { gateHostsOf, gateInputs } from './gate-inputs';
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
const toolDependencies = [
  '@npmcli/config',
  '@swc-node/register',
  '@swc/core',
  'ajv',
  'ajv-formats',
  'json-schema-to-typescript',
  'jsonc-parser',
  'npm-install-checks',
  'npm-package-arg',
  'npm-registry-fetch',
  'pacote',
  'picocolors',
  'semver',
  'tar',
  'ts-morph',
  'typescript-7',
];

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
    const { inputs } = inferPluginProject('libs/plugins/notes', manifest, tool).targets!.validate!;
    expect(inputs).toEqual([
      'default',
      // The runtime gate imports the dependencies' code with the plugin's.
      '^default',
      '{workspaceRoot}/workspace.json',
      { runtime: 'node --version' },
      // Even a frontend plugin: any .py file in it is parsed by this Python.
      { runtime: '.venv/bin/python --version' },
      ...tool.common,
    ]);
  });

  it('gives every inferred target the tool’s inputs, so an edited emitter re-runs typegen', () => {
    const { targets } = inferPluginProject('libs/plugins/notes', manifest, tool);
    expect(targets!.typegen!.inputs).toEqual(['manifest', ...tool.common]);
    expect(targets!.build!.inputs).toEqual(['default', '^default', '{projectRoot}/generated/**/*', ...tool.build]);
  });

  it('still yields a project, named after its folder, for a manifest that does not load', () => {
    const project = inferPluginProject('libs/plugins/broken', undefined, tool);
    expect([project.name, Object.keys(project.targets!)]).toEqual([
      'broken',
      ['validate', 'typegen', 'build', 'publish'],
    ]);
  });
});

describe('inferHostTargets', () => {
  it('gives each @farm/plugins:integrate target of a project.json the workspace file, its plugins and the tool', () => {
    const projectJson = {
      targets: {
        integrate: { executor: '@farm/plugins:integrate', options: { host: 'backend' } },
        serve: { command: 'x' },
      },
    };
    expect(inferHostTargets(projectJson, tool.common)).toEqual({
      integrate: {
        executor: '@farm/plugins:integrate',
        cache: true,
        inputs: ['{workspaceRoot}/workspace.json', '^default', ...tool.common],
      },
    });
    expect(inferHostTargets({ targets: { build: { command: 'vite build' } } }, tool.common)).toEqual({});
  });
});

describe('gateInputs', () => {
  it("makes what validate's runtime gate reads of this repository's host apps an input of validate", () => {
    const hosts = ['apps/backend', 'apps/frontend'].flatMap((root) =>
      gateHostsOf(root, JSON.parse(readFileSync(join(repoRoot, root, 'project.json'), 'utf8'))),
    );
    expect(hosts).toEqual([
      { kind: 'backend', root: 'apps/backend', outDir: 'apps/backend/src/plugins' },
      { kind: 'frontend', root: 'apps/frontend', outDir: 'apps/frontend/src/plugins' },
    ]);
    const gate = gateInputs(hosts);
    expect(gate).toEqual([
      // The host's Python but not the generated wiring (validate generates its own candidate), and the venv's locks.
      '{workspaceRoot}/apps/backend/src/**/*.py',
      '!{workspaceRoot}/apps/backend/src/plugins/**',
      '{workspaceRoot}/apps/backend/requirements.lock',
      '{workspaceRoot}/uv.lock',
      '{workspaceRoot}/apps/frontend/tsconfig.json',
      { externalDependencies: ['@types/react', 'react-router', 'typescript-7', 'vite'] },
    ]);
    expect(inferPluginProject('libs/plugins/notes', manifest, { ...tool, gate }).targets!.validate!.inputs).toEqual(
      expect.arrayContaining(gate),
    );
  });

  it('reads nothing of a workspace without host apps', () => {
    expect(gateInputs([])).toEqual([]);
    expect(gateHostsOf('apps/other', { targets: { build: { executor: 'nx:run-commands' } } })).toEqual([]);
  });
});
