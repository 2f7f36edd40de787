import type { FarmPluginManifest } from '../core/manifest/types';
import { inferPluginProject } from './infer-plugin-project';

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

describe('inferPluginProject', () => {
  it('names the project after the package and tags what it contributes', () => {
    const project = inferPluginProject('libs/plugins/notes', manifest);
    expect([project.name, project.tags]).toEqual(['notes', ['farm:plugin', 'farm:frontend']]);
  });

  it("makes everything validate's verdict depends on an input: manifests, workspace file, runtimes, analyzers", () => {
    const { inputs } = inferPluginProject('libs/plugins/notes', manifest).targets!.validate;
    expect(inputs).toEqual([
      'default',
      '^manifest',
      '{workspaceRoot}/workspace.json',
      { runtime: 'node --version' },
      // Even a frontend plugin: any .py file in it is parsed by this Python.
      { runtime: '.venv/bin/python --version' },
      { externalDependencies: ['ajv', 'semver', 'ts-morph'] },
    ]);
  });

  it("makes the dependencies' sources an input of build, whose type check reads them", () => {
    expect(inferPluginProject('libs/plugins/notes', manifest).targets!.build.inputs).toContain('^default');
  });

  it('still yields a project, named after its folder, for a manifest that does not load', () => {
    const project = inferPluginProject('libs/plugins/broken', undefined);
    expect([project.name, Object.keys(project.targets!)]).toEqual(['broken', ['validate', 'typegen', 'build', 'publish']]);
  });
});
