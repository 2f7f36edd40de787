import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { integrateHost } from '../core/integrate';
import { loadFarmState } from '../core/state';
import { validatePlugin } from '../core/validate';
import { diskWorkspace } from './disk-workspace';
import { diskIntegrationInputs } from './disk-integration-inputs';

const manifest = (name: string) =>
  JSON.stringify({ name, version: '1.0.0', description: 'd', author: 'a', license: 'MIT', farmVersion: '^1.0.0' });

/** A workspace with plugins `real` (a folder) and `x` (a link to a folder outside the workspace). */
function workspace(options: { linkPluginsDir?: boolean } = {}): { root: string; outside: string } {
  const root = mkdtempSync(join(tmpdir(), 'farm-linked-'));
  const outside = mkdtempSync(join(tmpdir(), 'farm-outside-'));
  const plugins = {
    '@farm/x': { source: { type: 'local', spec: outside }, version: '1.0.0', active: true, config: {} },
    '@farm/real': {
      source: { type: 'workspace', spec: 'libs/plugins/real' },
      version: '1.0.0',
      active: true,
      config: {},
    },
  };
  writeFileSync(
    join(root, 'workspace.json'),
    JSON.stringify({ farmVersion: '1.0.0', environment: 'development', plugins }),
  );
  mkdirSync(join(outside, 'x'));
  writeFileSync(join(outside, 'x/plugin.json'), manifest('@farm/x'));
  mkdirSync(join(root, 'libs'));
  const pluginsDir = options.linkPluginsDir ? outside : join(root, 'libs/plugins');
  if (options.linkPluginsDir) symlinkSync(outside, join(root, 'libs/plugins'));
  else {
    mkdirSync(pluginsDir);
    symlinkSync(join(outside, 'x'), join(pluginsDir, 'x'));
  }
  mkdirSync(join(pluginsDir, 'real'));
  writeFileSync(join(pluginsDir, 'real/plugin.json'), manifest('@farm/real'));
  return { root, outside };
}

describe('a plugin folder reached through a symbolic link', () => {
  it('is refused by validate and integrate, located at the folder (FARM_E114)', () => {
    const { root, outside } = workspace();
    const state = loadFarmState(diskWorkspace(root));
    const refused = validatePlugin(state, 'libs/plugins/x').filter((p) => p.code === 'FARM_E114');
    expect(refused.map((p) => `${p.plugin} ${p.file}`)).toEqual(['@farm/x libs/plugins/x']);
    expect(refused[0]!.message).toContain(`leads through a symbolic link to ${join(outside, 'x')}`);
    expect(validatePlugin(state, 'libs/plugins/real').filter((p) => p.code === 'FARM_E114')).toEqual([]);

    const result = integrateHost({
      ...diskIntegrationInputs(root, state),
      state,
      host: 'backend',
      outDir: 'apps/backend/src/plugins',
      project: 'backend',
    });
    expect([result.files, result.problems.map((p) => `${p.code} ${p.file}`)]).toEqual([
      [],
      ['FARM_E114 libs/plugins/x'],
    ]);
  });

  it('covers every plugin when libs/plugins itself is a link', () => {
    const { root } = workspace({ linkPluginsDir: true });
    const problems = loadFarmState(diskWorkspace(root)).problems.filter((p) => p.code === 'FARM_E114');
    expect(problems.map((p) => `${p.plugin} ${p.file}`)).toEqual([
      '@farm/real libs/plugins/real',
      '@farm/x libs/plugins/x',
    ]);
  });
});
