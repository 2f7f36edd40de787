import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pluginSchema from '../manifest/plugin.schema.json';
import spec from '../manifest/__fixtures__/spec-auth.plugin.json';
import workspaceSchema from '../workspace/workspace.schema.json';
import { createAjv } from './ajv';
import { builtInValidator, generateValidatorsModule } from './precompiled-validators';

describe('precompiled validators', () => {
  it('are up to date with plugin.schema.json and workspace.schema.json', () => {
    const committed = readFileSync(join(__dirname, 'generated/validators.js'), 'utf8');
    // If this fails: node tools/farm-plugins/scripts/precompile-schemas.js (until then the schemas
    // are compiled at run time: slower, never wrong).
    expect(committed === generateValidatorsModule({ plugin: pluginSchema, workspace: workspaceSchema })).toBe(true);
  });

  it('are the precompiled functions, not a run-time compile', () => {
    expect(builtInValidator('plugin', pluginSchema)).toBe(require('./generated/validators.js').plugin);
  });

  it.each([
    ['the spec auth manifest', spec],
    [
      'a manifest with every kind of mistake',
      {
        ...spec,
        name: 'Not A Name',
        version: '1',
        farmVersion: '>>1',
        extra: true,
        frontend: { routes: [{ path: 'x' }] },
        dependencies: [{ name: '' }],
      },
    ],
    ['not an object', [1, 2]],
  ])('report exactly what ajv reports for %s', (_name, value) => {
    const compiled = createAjv().compile(pluginSchema);
    const precompiled = builtInValidator('plugin', pluginSchema);
    expect(precompiled(value)).toBe(compiled(value));
    expect(precompiled.errors ?? null).toEqual(compiled.errors ?? null);
  });

  it('fall back to compiling a schema they were not generated from', () => {
    const changed = { ...workspaceSchema, title: 'changed' };
    const validate = builtInValidator('workspace', changed);
    expect(validate).not.toBe(require('./generated/validators.js').workspace);
    expect(validate({ farmVersion: '1.0.0', plugins: {} })).toBe(true);
  });
});
