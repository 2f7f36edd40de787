import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { formatProblem, type FarmProblem } from '../../../src/core/errors';
import { loadFarmState } from '../../../src/core/state';
import { askGateOnce, GateSession } from '../../../src/runtime-gate';
import { diskWorkspace, pythonExecutable } from '../../../src/workspace-io';
import { repoRoot } from '../../../src/testing/temp-workspace';
import { analyzePluginsOnDisk } from './analyze-plugin-on-disk';
import { runtimeProblems, type GateHosts } from './runtime-gate';

const hosts: GateHosts = {
  backend: {
    host: 'backend',
    project: 'backend',
    root: 'apps/backend',
    outDir: 'apps/backend/src/plugins',
    target: 'integrate',
  },
  frontend: {
    host: 'frontend',
    project: 'frontend',
    root: 'apps/frontend',
    outDir: 'apps/frontend/src/plugins',
    target: 'integrate',
  },
};
const router = (body = '') => `from fastapi import APIRouter\n\nrouter = APIRouter()\n${body}`;

/** A workspace with the repo's backend host (linked), frontend tsconfig and node_modules, and these plugins, all installed and active. */
function workspace(plugins: Record<string, { manifest: object; files: Record<string, string> }>): string {
  const ws = mkdtempSync(join(tmpdir(), 'farm-validate-gate-'));
  mkdirSync(join(ws, 'apps/frontend'), { recursive: true });
  symlinkSync(join(repoRoot, 'apps/backend'), join(ws, 'apps/backend'), 'dir');
  cpSync(join(repoRoot, 'apps/frontend/tsconfig.json'), join(ws, 'apps/frontend/tsconfig.json'));
  symlinkSync(join(repoRoot, 'node_modules'), join(ws, 'node_modules'), 'dir');
  const installed: Record<string, object> = {};
  for (const [folder, { manifest, files }] of Object.entries(plugins)) {
    const name = `@t/${folder}`;
    const full = {
      name,
      version: '1.0.0',
      description: 't',
      author: 't',
      license: 'MIT',
      farmVersion: '^1.0.0',
      ...manifest,
    };
    for (const [path, text] of Object.entries({ ...files, 'plugin.json': JSON.stringify(full, null, 2) })) {
      mkdirSync(dirname(join(ws, 'libs/plugins', folder, path)), { recursive: true });
      writeFileSync(join(ws, 'libs/plugins', folder, path), text);
    }
    installed[name] = {
      source: { type: 'workspace', spec: `libs/plugins/${folder}` },
      version: '1.0.0',
      active: true,
      config: {},
    };
  }
  writeFileSync(
    join(ws, 'workspace.json'),
    JSON.stringify({
      farmVersion: '1.0.0',
      environment: 'development',
      plugins: installed,
      security: { permissions: { network: { external: true }, database: { read: true, write: true } } },
    }),
  );
  return ws;
}

/** Validate's runtime gate over every plugin of the workspace, by one gate process (a batch's session, or a one-shot). */
async function judge(ws: string, mode: 'session' | 'once' = 'once'): Promise<Record<string, string[]>> {
  const state = loadFarmState(diskWorkspace(ws));
  const analyses = analyzePluginsOnDisk(ws, state.manifests);
  const judged = state.manifests.map((loaded, i) => ({ loaded, analysis: analyses[i], passed: true }));
  const options = { python: pythonExecutable, src: join(ws, 'apps/backend/src'), workspaceRoot: ws };
  const session = new GateSession(options);
  try {
    const found = await runtimeProblems(
      state,
      judged,
      hosts,
      ws,
      mode === 'session' ? (r, t) => session.ask(r, t) : (r, t) => askGateOnce(options, r, t),
    );
    return Object.fromEntries([...found].map(([root, problems]) => [root.split('/').pop()!, problems.map(line)]));
  } finally {
    session.close();
  }
}

/** The problem on one line: `FARM_E103 plugin "@t/x" (file:line): message`. */
const line = (p: FarmProblem) =>
  formatProblem(p)
    .split('\n')
    .map((l) => l.trim())
    .join(' ');

// The real backend (.venv's FastAPI, the host's farm package) judges each plugin as it would be
// integrated: the plugin and what it depends on.
describe('validate: the runtime gate', () => {
  jest.setTimeout(120_000);
  const made: string[] = [];
  afterAll(() => made.forEach((ws) => rmSync(ws, { recursive: true, force: true })));
  const ws = (plugins: Parameters<typeof workspace>[0]): string => {
    const root = workspace(plugins);
    made.push(root);
    return root;
  };

  it('passes healthy plugins, one depending on another, in one import; session and one-shot agree', async () => {
    const root = ws({
      base: {
        manifest: { backend: { routers: { api: { path: './api.py', export: 'router', prefix: '/base' } } } },
        files: {
          'api.py': router('\n@router.get("/{item_id}")\nasync def one(item_id: int) -> dict:\n    return {}\n'),
        },
      },
      feature: {
        manifest: {
          dependencies: [{ name: '@t/base', version: '^1.0.0' }],
          backend: { routers: { api: { path: './api.py', export: 'router', prefix: '/feature' } } },
        },
        files: {
          'api.py': router(
            'from farm_plugins.base.api import router as base_router\n\ntry:\n    import farm_optional_accelerator\nexcept ImportError:\n    farm_optional_accelerator = None\n',
          ),
        },
      },
    });
    const once = await judge(root);
    expect(once).toEqual({ base: [], feature: [] });
    expect(await judge(root, 'session')).toEqual(once);
  });

  it('refuses what FastAPI, Starlette and the host scheduler refuse at import, each at its place', async () => {
    const root = ws({
      empty: {
        manifest: { backend: { routers: { api: { path: './api.py', export: 'router', prefix: '' } } } },
        files: { 'api.py': router('\n@router.get("")\nasync def root() -> dict:\n    return {}\n') },
      },
      convertor: {
        manifest: { backend: { routers: { api: { path: './api.py', export: 'router', prefix: '/c' } } } },
        files: { 'api.py': router('\n@router.get("/{id:uuidx}")\nasync def one(id: str) -> dict:\n    return {}\n') },
      },
      cron: {
        manifest: { backend: { tasks: { nightly: { path: './tasks.py', schedule: '0 25 * * *' } } } },
        files: { 'tasks.py': 'async def nightly(app) -> None:\n    return None\n' },
      },
      healthy: {
        manifest: { backend: { routers: { api: { path: './api.py', export: 'router', prefix: '/healthy' } } } },
        files: { 'api.py': router() },
      },
    });
    const found = await judge(root);
    expect(found.healthy).toEqual([]);
    expect(found.empty!.join('\n')).toMatch(
      /FARM_E103 plugin "@t\/empty" \(libs\/plugins\/empty\/plugin\.json(:\d+:\d+)? \/backend\/routers\/api\): the backend does not import: .*Prefix and path cannot be both empty/,
    );
    expect(found.convertor!.join('\n')).toMatch(
      /FARM_E103 plugin "@t\/convertor" \(libs\/plugins\/convertor\/api\.py:5\).*Unknown path convertor 'uuidx'/,
    );
    expect(found.cron!.join('\n')).toMatch(
      /FARM_E103 plugin "@t\/cron" \(libs\/plugins\/cron\/plugin\.json(:\d+:\d+)? \/backend\/tasks\/nightly\).*cron hour field '25'/,
    );
  });

  it("refuses a URL the host answers, and a module neither installed nor declared (E054's Python twin) at its line", async () => {
    const root = ws({
      health: {
        manifest: { backend: { routers: { api: { path: './api.py', export: 'router', prefix: '' } } } },
        files: { 'api.py': router('\n@router.get("/health")\nasync def health() -> dict:\n    return {}\n') },
      },
      lazy: {
        manifest: { backend: { routers: { api: { path: './api.py', export: 'router', prefix: '/lazy' } } } },
        files: {
          'api.py': router(
            '\n\n@router.get("/")\nasync def index() -> dict:\n    import farm_never_installed.sub\n    import json\n    import fastapi\n    import farm\n    return {}\n',
          ),
        },
      },
      declared: {
        // Declared but not installed: which modules it brings is unknown, so the import is not judged here.
        manifest: {
          backend: {
            routers: { api: { path: './api.py', export: 'router', prefix: '/declared' } },
            dependencies: [{ name: 'farm-gate-never-published', version: '1.0.0' }],
          },
        },
        files: { 'api.py': router('\n\ndef later():\n    import farm_never_published\n') },
      },
    });
    const found = await judge(root);
    expect(found.health!.join('\n')).toMatch(
      /FARM_E104 plugin "@t\/health".*GET \/health is answered by @t\/health and by the host/,
    );
    expect(found.lazy).toEqual([
      expect.stringMatching(
        /^FARM_E105 plugin "@t\/lazy" \(libs\/plugins\/lazy\/api\.py:8:5\): imports farm_never_installed\.sub, which the backend's Python cannot import/,
      ),
    ]);
    expect(found.declared).toEqual([]);
  });

  it('a module-level import of an undeclared package is the runtime error of its line; of a declared uninstalled one a warning', async () => {
    const root = ws({
      missing: {
        manifest: { backend: { routers: { api: { path: './api.py', export: 'router', prefix: '/m' } } } },
        files: { 'api.py': 'import farm_never_installed\n' + router() },
      },
      pending: {
        manifest: {
          backend: {
            routers: { api: { path: './api.py', export: 'router', prefix: '/p' } },
            dependencies: [{ name: 'farm-gate-never-published', version: '1.0.0' }],
          },
        },
        files: { 'api.py': 'import farm_never_published\n' + router() },
      },
    });
    const found = await judge(root);
    // The runtime's own error at that line; the E105 for the same line would only repeat it.
    expect(found.missing).toEqual([
      expect.stringMatching(
        /^FARM_E103 plugin "@t\/missing" \(libs\/plugins\/missing\/api\.py:1\).*No module named 'farm_never_installed'/,
      ),
    ]);
    expect(found.pending).toEqual([
      expect.stringMatching(
        /^FARM_E103 warning plugin "@t\/pending".*not judged yet: declared PyPI dependencies are not installed in \.venv: farm-gate-never-published \(@t\/pending\)/,
      ),
    ]);
    const state = loadFarmState(diskWorkspace(root));
    const pending = state.manifests.find((m) => m.manifest.name === '@t/pending')!;
    const analysis = analyzePluginsOnDisk(root, [pending])[0];
    const options = { python: pythonExecutable, src: join(root, 'apps/backend/src'), workspaceRoot: root };
    const [problem] = (
      await runtimeProblems(state, [{ loaded: pending, analysis, passed: true }], hosts, root, (r, t) =>
        askGateOnce(options, r, t),
      )
    ).get(pending.root)!;
    expect(problem!.severity).toBe('warning');
  });

  it("type-checks each plugin's frontend with its dependencies: an error counts for the plugin it is in", async () => {
    const root = ws({
      base: {
        manifest: { frontend: { hooks: { useCount: { path: './useCount.ts' } } } },
        files: { 'useCount.ts': 'export function useCount(): number {\n  return 1;\n}\n' },
      },
      user: {
        manifest: {
          dependencies: [{ name: '@t/base', version: '^1.0.0' }],
          frontend: { components: { Counter: { path: './Counter.tsx' } } },
        },
        // Uses its dependency's hook as a string: its own error, in its own file.
        files: {
          'Counter.tsx':
            "import { useCount } from '../base/useCount.ts';\n\nexport default function Counter() {\n  const text: string = useCount();\n  return <p>{text}</p>;\n}\n",
        },
      },
      page: {
        manifest: { frontend: { routes: [{ path: '/page/:id', component: 'Page' }] } },
        files: {
          'pages/Page.tsx': 'export default function Page(props: { id: string }) {\n  return <p>{props.id}</p>;\n}\n',
        },
      },
    });
    const found = await judge(root);
    expect(found.base).toEqual([]);
    expect(found.user).toEqual([
      expect.stringMatching(
        /^FARM_E106 plugin "@t\/user" \(libs\/plugins\/user\/Counter\.tsx:4:9\): the frontend does not type-check: TS2322: Type 'number' is not assignable to type 'string'/,
      ),
    ]);
    expect(found.page).toEqual([
      expect.stringMatching(
        /^FARM_E106 plugin "@t\/page" \(libs\/plugins\/page\/plugin\.json(:\d+:\d+)? \/frontend\/routes\/0\): the frontend does not type-check: TS2322/,
      ),
    ]);
  });

  it("refuses two plugins' global declarations that clash, as the app's typecheck would", async () => {
    const windowTheme = (type: string) =>
      `declare global {\n  interface Window {\n    farmTheme: ${type};\n  }\n}\nexport {};\n`;
    const root = ws({
      theme: { manifest: {}, files: { 'types/window.ts': windowTheme('string') } },
      dark: { manifest: {}, files: { 'types/global.ts': windowTheme('number') } },
    });
    const found = await judge(root);
    expect([...found.theme!, ...found.dark!]).toEqual([
      expect.stringMatching(
        /^FARM_E106 plugin "@t\/(theme|dark)" .*TS2717: Subsequent property declarations must have the same type/,
      ),
    ]);
  });

  it('refuses an AI endpoint the host cannot call as handler(payload, ai, request), at its entry', async () => {
    const endpoint = (handler: string) => ({
      manifest: { ai: { endpoints: { go: { path: './go.py', method: 'POST' } } } },
      files: { 'go.py': handler },
    });
    const root = ws({
      'one-arg': endpoint('async def go(request) -> dict:\n    return {}\n'),
      convention: endpoint('async def go(payload, ai, request) -> dict:\n    return {}\n'),
      flexible: endpoint('def go(payload, *args, verbose=False, **kwargs) -> dict:\n    return {}\n'),
    });
    const found = await judge(root);
    expect(found['one-arg']).toEqual([
      expect.stringMatching(
        /^FARM_E107 plugin "@t\/one-arg" \(libs\/plugins\/one-arg\/plugin\.json(:\d+:\d+)? \/ai\/endpoints\/go\): AI endpoint "go": handler\(request\) -> dict cannot be called as handler\(payload, ai, request\): too many positional arguments/,
      ),
    ]);
    expect(found.convention).toEqual([]);
    expect(found.flexible).toEqual([]);
  });
});
