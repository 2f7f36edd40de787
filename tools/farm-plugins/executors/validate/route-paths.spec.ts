import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createTempWorkspace, type TempWorkspace } from '../../src/testing/temp-workspace';

/**
 * `nx run <plugin>:validate` asks the app's React Router about each route path (FARM_E109): the
 * real nx CLI over a copy of this workspace.
 */
describe('validate through Nx: route paths React Router cannot take as written', () => {
  jest.setTimeout(300_000);
  let ws: TempWorkspace;
  beforeAll(() => {
    ws = createTempWorkspace();
  });
  afterAll(() => ws.dispose());

  const manifest = (paths: string[]) =>
    JSON.stringify(
      {
        name: '@t/pages',
        version: '1.0.0',
        description: 't',
        author: 't',
        license: 'MIT',
        farmVersion: '^1.0.0',
        frontend: { routes: paths.map((path) => ({ path, component: 'Page' })) },
      },
      null,
      2,
    );

  it('refuses each at its path, quoting React Router, and passes once they are written as it reads them', () => {
    mkdirSync(join(ws.root, 'libs/plugins/pages/pages'), { recursive: true });
    ws.write('libs/plugins/pages/pages/Page.tsx', 'export default function Page() {\n  return <p>page</p>;\n}\n');
    ws.write('libs/plugins/pages/plugin.json', manifest(['/pages/:id', '/files*', '/x?y']));
    const refused = ws.nx(['run', 'pages:validate']);
    expect(refused.status).not.toBe(0);
    expect(refused.output).toContain(
      'FARM_E109 plugin "@t/pages" (libs/plugins/pages/plugin.json:15:9 /frontend/routes/1/path):\n' +
        '  React Router warns: Route path "/files*" will be treated as if it were "/files/*"',
    );
    expect(refused.output).toContain(
      'FARM_E109 plugin "@t/pages" (libs/plugins/pages/plugin.json:19:9 /frontend/routes/2/path):\n' +
        '  React Router cannot match "/x?y" as written',
    );
    expect(refused.output).not.toContain('/frontend/routes/0/path');

    ws.write('libs/plugins/pages/plugin.json', manifest(['/pages/:id', '/files/*', '/x/:y']));
    const fixed = ws.nx(['run', 'pages:validate', '--skip-nx-cache']);
    expect(fixed.output).not.toContain('FARM_E109');
    expect(fixed.output).toContain('libs/plugins/pages/plugin.json: valid');
    expect(fixed.status).toBe(0);
  });
});
