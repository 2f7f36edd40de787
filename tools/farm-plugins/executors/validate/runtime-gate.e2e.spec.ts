import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTempWorkspace, type TempWorkspace } from '../../src/testing/temp-workspace';

/**
 * `nx run-many -t validate` judges plugins by the real backend (issue 12), batched or not, and its
 * cache knows what the gate reads: the real nx CLI over a copy of this workspace with its apps.
 */
describe('validate through Nx: the runtime gate', () => {
  jest.setTimeout(600_000);
  let ws: TempWorkspace;
  beforeAll(() => {
    ws = createTempWorkspace({ withApps: true });
    // A plugin FastAPI refuses at import (empty prefix and path), one whose function imports a
    // package nobody installed or declared, and one that is fine: beside auth and ai-chat.
    const plugin = (folder: string, router: string) => {
      mkdirSync(join(ws.root, 'libs/plugins', folder), { recursive: true });
      ws.write(
        `libs/plugins/${folder}/plugin.json`,
        JSON.stringify({
          name: `@t/${folder}`,
          version: '1.0.0',
          description: 't',
          author: 't',
          license: 'MIT',
          farmVersion: '^1.0.0',
          backend: {
            routers: { api: { path: './api.py', export: 'router', prefix: folder === 'empty' ? '' : `/${folder}` } },
          },
        }),
      );
      ws.write(`libs/plugins/${folder}/api.py`, `from fastapi import APIRouter\n\nrouter = APIRouter()\n${router}`);
    };
    plugin('empty', '\n\n@router.get("")\nasync def root() -> dict:\n    return {}\n');
    plugin(
      'lazy',
      '\n\n@router.get("/")\nasync def index() -> dict:\n    import farm_never_installed\n    return {}\n',
    );
    plugin('fine', '\n\n@router.get("/")\nasync def index() -> dict:\n    return {}\n');
  });
  afterAll(() => ws.dispose());

  it('reports per task exactly what separate runs report, each failure at its place', () => {
    const perTask = (output: string) =>
      output
        .split('\n')
        .filter((line) => /FARM_E|valid;|^\s+\S.*(Prefix and path|cannot import)|^- \S+:validate/.test(line))
        .map((l) => l.trim())
        .sort();
    const batched = ws.nx(['run-many', '-t', 'validate', '--skip-nx-cache', '--outputStyle=static']);
    const separate = ws.nx(['run-many', '-t', 'validate', '--skip-nx-cache', '--outputStyle=static', '--batch=false']);
    expect(batched.output).toMatch(/Running 5 tasks with @farm\/plugins:validate/);
    expect(perTask(batched.output)).toEqual(perTask(separate.output));
    expect(perTask(batched.output)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^FARM_E103 plugin "@t\/empty" \(libs\/plugins\/empty\/plugin\.json(:\d+:\d+)? \/backend\/routers\/api\)/,
        ),
        expect.stringMatching(/^FARM_E105 plugin "@t\/lazy" \(libs\/plugins\/lazy\/api\.py:8:5\)/),
        expect.stringMatching(/^libs\/plugins\/fine\/plugin\.json: valid;/),
        expect.stringMatching(/^libs\/plugins\/auth\/plugin\.json: valid;/),
        expect.stringMatching(/^libs\/plugins\/ai-chat\/plugin\.json: valid;/),
      ]),
    );
    expect(batched.output).toContain('Prefix and path cannot be both empty');
  });

  it("re-runs validate when the host's Python changes, and not when integrate rewrites the generated wiring", () => {
    expect(ws.nx(['run', 'fine:validate']).status).toBe(0);
    ws.write(
      'apps/backend/src/plugins/integration.py',
      ws.read('apps/backend/src/plugins/integration.py') + '\n# rewritten\n',
    );
    expect(ws.nx(['run', 'fine:validate']).output).toMatch(/read the output from the cache/);
    ws.write('apps/backend/src/farm/cron.py', ws.read('apps/backend/src/farm/cron.py') + '\n# edited\n');
    expect(ws.nx(['run', 'fine:validate']).output).not.toMatch(/read the output from the cache/);
  });

  it("judges a folder outside the workspace as add would install it: its packages are the workspace's", () => {
    // A component shaped like a real one (React state, JSX); the folder has no node_modules of its own.
    const outside = mkdtempSync(join(tmpdir(), 'farm-outside-'));
    try {
      mkdirSync(join(outside, 'widget/components'), { recursive: true });
      writeFileSync(
        join(outside, 'widget/plugin.json'),
        JSON.stringify({
          name: '@acme/widget',
          version: '1.0.0',
          description: 'A counter widget',
          author: 'acme',
          license: 'MIT',
          farmVersion: '^1.0.0',
          frontend: { components: { Widget: { path: './components/Widget.tsx' } } },
        }),
      );
      const widget = (body: string) =>
        writeFileSync(
          join(outside, 'widget/components/Widget.tsx'),
          `import { useState } from 'react';\n\nexport default function Widget({ label }: { label?: string }) {\n  const [count, setCount] = useState(0);\n${body}  return <button onClick={() => setCount(count + 1)}>{label ?? 'Clicked'} {count}</button>;\n}\n`,
        );
      widget('');
      const valid = ws.farm(['plugin', 'validate', join(outside, 'widget')]);
      expect(valid.output).toMatch(/widget\/plugin\.json: valid/);
      expect(valid.status).toBe(0);
      widget('  const wrong: number = label;\n');
      const refused = ws.farm(['plugin', 'validate', join(outside, 'widget')]);
      expect(refused.status).toBe(1);
      expect(refused.output).toMatch(/FARM_E106 plugin "@acme\/widget" \(\S*widget\/components\/Widget\.tsx:5:9\)/);
      expect(refused.output).toContain("TS2322: Type 'string | undefined' is not assignable to type 'number'");
      expect(readdirSync(join(outside, 'widget'))).toEqual(['components', 'plugin.json']);
      // A node_modules of its own (without React) does not hide the workspace's, as after add.
      mkdirSync(join(outside, 'widget/node_modules/left-pad'), { recursive: true });
      writeFileSync(
        join(outside, 'widget/node_modules/left-pad/package.json'),
        '{"name":"left-pad","version":"1.3.0"}',
      );
      widget('');
      expect(ws.farm(['plugin', 'validate', join(outside, 'widget')]).output).toMatch(/widget\/plugin\.json: valid/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
