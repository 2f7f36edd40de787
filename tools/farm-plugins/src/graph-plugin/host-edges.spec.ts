import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createDependencies } from './create-dependencies';

/**
 * A host app depends on the active plugins that have entries of a kind it consumes (the table of
 * kinds, core/kinds): `nx affected` re-integrates exactly the apps a plugin edit can change.
 */
describe('host app → plugin edges follow the table of kinds', () => {
  let ws: string;
  const write = (path: string, value: unknown) => {
    mkdirSync(dirname(join(ws, path)), { recursive: true });
    writeFileSync(join(ws, path), JSON.stringify(value));
  };
  const plugin = (name: string, extra: object) => ({
    name,
    version: '1.0.0',
    description: 'd',
    author: 'a',
    license: 'MIT',
    farmVersion: '^1.0.0',
    ...extra,
  });
  const specs: Record<string, object> = {
    sessions: { database: { collections: { sessions: { indexes: ['user_id'] } } } },
    widgets: { frontend: { dependencies: [{ name: 'nanoid', version: '^5.0.0' }] } },
    slug: { backend: { dependencies: [{ name: 'python-slugify', version: '9.1.3' }] } },
    chat: { ai: { endpoints: { chat: { path: './ai.py', method: 'POST' } } }, frontend: { styles: ['./chat.css'] } },
    empty: { frontend: { components: {} }, backend: { routers: {} } },
    idle: { database: { collections: { idle: {} } } },
  };

  beforeAll(() => {
    ws = mkdtempSync(join(tmpdir(), 'farm-graph-hosts-'));
    for (const [folder, extra] of Object.entries(specs))
      write(`libs/plugins/${folder}/plugin.json`, plugin(`@farm/${folder}`, extra));
    const installed = (active: boolean) => ({ source: { type: 'workspace', spec: 'x' }, version: '1.0.0', active });
    write('workspace.json', {
      farmVersion: '1.0.0',
      plugins: Object.fromEntries(Object.keys(specs).map((f) => [`@farm/${f}`, installed(f !== 'idle')])),
    });
  });

  afterAll(() => rmSync(ws, { recursive: true, force: true }));

  it('draws each edge from the host whose kinds the plugin contributes to, and none for an inactive or empty plugin', async () => {
    const projects = {
      ...Object.fromEntries(Object.keys(specs).map((f) => [f, { root: `libs/plugins/${f}`, tags: ['farm:plugin'] }])),
      frontend: {
        root: 'apps/frontend',
        targets: { integrate: { executor: '@farm/plugins:integrate', options: { host: 'frontend' } } },
      },
      backend: {
        root: 'apps/backend',
        targets: { integrate: { executor: '@farm/plugins:integrate', options: { host: 'backend' } } },
      },
    };
    const edges = await createDependencies({}, { workspaceRoot: ws, projects } as never);
    expect(edges.map((e) => `${e.source} → ${e.target}`).sort()).toEqual([
      'backend → chat',
      'backend → sessions',
      'backend → slug',
      'frontend → chat',
      'frontend → widgets',
    ]);
  });
});
