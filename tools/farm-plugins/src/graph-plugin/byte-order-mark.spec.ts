import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createDependencies } from './create-dependencies';
import { createNodes } from './create-nodes';

/**
 * The Nx graph reads plugin.json and workspace.json loosely (a broken one must not break every nx
 * command), but as validate does: a UTF-8 byte order mark does not make a plugin lose its project
 * name, its tags or its edges (issue 12).
 */
describe('the Nx graph plugin and a byte order mark', () => {
  let ws: string;
  const bom = '\uFEFF';
  const manifest = (name: string, extra: object = {}) =>
    bom +
    JSON.stringify({
      name,
      version: '1.0.0',
      description: 'd',
      author: 'a',
      license: 'MIT',
      farmVersion: '^1.0.0',
      ...extra,
    });
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(ws, path)), { recursive: true });
    writeFileSync(join(ws, path), text);
  };

  beforeAll(() => {
    ws = mkdtempSync(join(tmpdir(), 'farm-graph-bom-'));
    write(
      'libs/plugins/cards/plugin.json',
      manifest('@farm/plugin-cards', { frontend: { components: { Card: { path: './Card.tsx' } } } }),
    );
    write(
      'libs/plugins/deck/plugin.json',
      manifest('@farm/deck', { dependencies: [{ name: '@farm/plugin-cards', version: '^1.0.0' }] }),
    );
    const installed = { source: { type: 'workspace', spec: 'x' }, version: '1.0.0', active: true };
    write(
      'workspace.json',
      bom +
        JSON.stringify({ farmVersion: '1.0.0', plugins: { '@farm/plugin-cards': installed, '@farm/deck': installed } }),
    );
  });

  afterAll(() => rmSync(ws, { recursive: true, force: true }));

  it('names and tags the projects from the manifests', async () => {
    const results = await createNodes[1](['libs/plugins/cards/plugin.json', 'libs/plugins/deck/plugin.json'], {}, {
      workspaceRoot: ws,
    } as never);
    const projects = results.flatMap(([, r]) => Object.values(r.projects ?? {}));
    expect(projects.map((p) => [p.name, p.tags])).toEqual([
      ['cards', ['farm:plugin', 'farm:frontend']],
      ['deck', ['farm:plugin']],
    ]);
  });

  it('draws the dependency edge and the host edge of the active plugin', async () => {
    const projects = {
      cards: { root: 'libs/plugins/cards', tags: ['farm:plugin'] },
      deck: { root: 'libs/plugins/deck', tags: ['farm:plugin'] },
      frontend: {
        root: 'apps/frontend',
        targets: { integrate: { executor: '@farm/plugins:integrate', options: { host: 'frontend' } } },
      },
    };
    const edges = await createDependencies({}, { workspaceRoot: ws, projects } as never);
    expect(edges.map((e) => [e.source, e.target, e.type])).toEqual([
      ['deck', 'cards', 'static'],
      ['frontend', 'cards', 'implicit'],
    ]);
  });
});
