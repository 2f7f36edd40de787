import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../testing/temp-workspace';
import type { HostProject } from './host-projects';
import { changedFiles, generatedFiles, integrateInProcess } from './integrate-hosts';

const hosts: HostProject[] = [
  {
    host: 'backend',
    project: 'backend',
    root: 'apps/backend',
    outDir: 'apps/backend/src/plugins',
    target: 'integrate',
  },
  {
    host: 'frontend',
    project: 'frontend',
    root: 'apps/frontend',
    outDir: 'apps/frontend/src/plugins',
    target: 'integrate',
  },
];

/** This repository's workspace.json and plugins (without bytecode, build output or packages) into `root`. */
function copyPlugins(root: string): void {
  cpSync(join(repoRoot, 'workspace.json'), join(root, 'workspace.json'));
  cpSync(join(repoRoot, 'libs/plugins'), join(root, 'libs/plugins'), {
    recursive: true,
    filter: (s) => !/__pycache__|\/generated$|node_modules/.test(s),
  });
}

const snapshot = (root: string, dir: string) => Object.fromEntries(generatedFiles(root, [{ outDir: dir }]));

describe('integrateInProcess', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'farm-dev-integrate-'));
    copyPlugins(root);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes both hosts on the first run, and nothing on the second', async () => {
    const first = await integrateInProcess(root, hosts);
    expect(first.ok).toBe(true);
    expect(first.written).toEqual(
      expect.arrayContaining(['apps/backend/src/plugins/integration.py', 'apps/frontend/src/plugins/routes.tsx']),
    );
    expect(await integrateInProcess(root, hosts)).toMatchObject({ ok: true, written: [] });
  });

  it('only the hosts asked for', async () => {
    rmSync(join(root, 'apps/frontend'), { recursive: true, force: true });
    const result = await integrateInProcess(root, [hosts[1]!]);
    expect(result.written.length).toBeGreaterThan(0);
    expect(result.written.every((f) => f.startsWith('apps/frontend/'))).toBe(true);
  });

  it('a broken manifest: nothing written, each problem once although both hosts hit it', async () => {
    const before = { ...snapshot(root, 'apps/backend'), ...snapshot(root, 'apps/frontend') };
    const manifest = join(root, 'libs/plugins/auth/plugin.json');
    const good = readFileSync(manifest, 'utf8');
    writeFileSync(manifest, good.replace('"backend": {', '"backend": {,'));
    try {
      const result = await integrateInProcess(root, hosts);
      expect(result.ok).toBe(false);
      expect(result.failed).toEqual(['backend', 'frontend']);
      expect(result.written).toEqual([]);
      const syntax = result.problems.filter((p) => p.code === 'FARM_E002');
      expect(syntax).toHaveLength(1);
      expect(syntax[0]!.file).toBe('libs/plugins/auth/plugin.json');
      expect({ ...snapshot(root, 'apps/backend'), ...snapshot(root, 'apps/frontend') }).toEqual(before);
    } finally {
      writeFileSync(manifest, good);
    }
  });
});

// The dev loop's runtime gate: a plugin edit that breaks the backend's import is named, and the
// last good generated code stays for uvicorn to keep serving.
describe('integrateInProcess with the backend app', () => {
  it.each([
    {
      fault: 'no longer imports',
      source: 'from fastapi import APIRouter\n\nbroken_router = APIRouter()\nraise RuntimeError("boom at import")\n',
      line: 4,
      message: 'the backend does not import: RuntimeError: boom at import',
    },
    {
      fault: 'fails at startup',
      source:
        'from fastapi import APIRouter\n\n\ndef fail() -> None:\n    raise RuntimeError("boom at startup")\n\n\nbroken_router = APIRouter(on_startup=[fail])\n',
      line: 5,
      message: 'the backend does not start: RuntimeError: boom at startup',
    },
  ])(
    'reports a plugin whose code $fault (FARM_E103 at its file and line) and keeps the old code',
    async ({ source, line, message }) => {
      const root = mkdtempSync(join(tmpdir(), 'farm-dev-gate-'));
      try {
        copyPlugins(root);
        cpSync(join(repoRoot, 'apps/backend/src'), join(root, 'apps/backend/src'), {
          recursive: true,
          filter: (s) => !/__pycache__/.test(s),
        });
        writeFileSync(join(root, 'nx.json'), '{}');
        expect((await integrateInProcess(root, hosts)).ok).toBe(true);
        const good = snapshot(root, 'apps/backend/src/plugins');
        // A new router whose module raises at import or at startup: the wiring changes, the gate fails.
        const manifestPath = join(root, 'libs/plugins/ai-chat/plugin.json');
        const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
        manifest.backend.routers.broken_router = { path: './routers/broken.py', prefix: '/broken', tags: ['x'] };
        writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
        writeFileSync(join(root, 'libs/plugins/ai-chat/routers/broken.py'), source);
        const outcome = await integrateInProcess(root, hosts);
        expect(outcome.ok).toBe(false);
        // The frontend integrated (its code did not change); only the backend kept its last good code.
        expect(outcome.failed).toEqual(['backend']);
        expect(outcome.problems).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              code: 'FARM_E103',
              plugin: '@farm/ai-chat',
              file: 'libs/plugins/ai-chat/routers/broken.py',
              line,
            }),
          ]),
        );
        expect(outcome.problems.map((p) => p.message).join('\n')).toContain(message);
        expect(snapshot(root, 'apps/backend/src/plugins')).toEqual(good);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  );
});

// The dev loop's TypeScript gate: a new component that breaks the app's types is named at its
// line before the wiring is written, so Vite keeps serving the last good code.
describe('integrateInProcess with the frontend app', () => {
  it('refuses new wiring that does not type-check (FARM_E106 at the file) and writes it once fixed', async () => {
    const root = mkdtempSync(join(tmpdir(), 'farm-dev-types-'));
    try {
      copyPlugins(root);
      mkdirSync(join(root, 'apps/frontend'), { recursive: true });
      cpSync(join(repoRoot, 'apps/frontend/tsconfig.json'), join(root, 'apps/frontend/tsconfig.json'));
      symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
      writeFileSync(join(root, 'nx.json'), '{}');
      const frontend = [hosts[1]!];
      expect((await integrateInProcess(root, frontend)).ok).toBe(true);
      const good = snapshot(root, 'apps/frontend/src/plugins');
      const manifestPath = join(root, 'libs/plugins/ai-chat/plugin.json');
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
      manifest.frontend.components.ChatBadge = { path: './components/ChatBadge.tsx' };
      writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
      const badge = (count: string) =>
        writeFileSync(
          join(root, 'libs/plugins/ai-chat/components/ChatBadge.tsx'),
          `import { useState } from 'react';\n\nexport default function ChatBadge() {\n  const [unread] = useState(0);\n  const label: string = ${count};\n  return <span className="badge">{label}</span>;\n}\n`,
        );
      badge('unread');
      const refused = await integrateInProcess(root, frontend);
      expect(refused).toMatchObject({ ok: false, failed: ['frontend'], written: [] });
      expect(refused.problems).toEqual([
        expect.objectContaining({
          code: 'FARM_E106',
          plugin: '@farm/ai-chat',
          file: 'libs/plugins/ai-chat/components/ChatBadge.tsx',
          line: 5,
        }),
      ]);
      expect(refused.problems[0]!.message).toContain("Type 'number' is not assignable to type 'string'");
      expect(snapshot(root, 'apps/frontend/src/plugins')).toEqual(good);
      badge('String(unread)');
      const fixed = await integrateInProcess(root, frontend);
      expect(fixed.ok).toBe(true);
      expect(fixed.written.length).toBeGreaterThan(0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('the files an integrate through nx wrote, as data', () => {
  it('are the generated files that appeared or changed bytes, whatever the log said', () => {
    const root = mkdtempSync(join(tmpdir(), 'farm-dev-written-'));
    try {
      const out = 'apps/frontend/src/plugins';
      mkdirSync(join(root, out, 'components'), { recursive: true });
      writeFileSync(join(root, out, 'routes.tsx'), 'a');
      writeFileSync(join(root, out, 'styles.ts'), 'b');
      const before = generatedFiles(root, [{ outDir: out }, { outDir: 'apps/backend/src/plugins' }]);
      expect([...before.keys()]).toEqual([`${out}/routes.tsx`, `${out}/styles.ts`]);
      writeFileSync(join(root, out, 'routes.tsx'), 'a2');
      writeFileSync(join(root, out, 'styles.ts'), 'b');
      writeFileSync(join(root, out, 'components/index.ts'), 'c');
      expect(changedFiles(before, generatedFiles(root, [{ outDir: out }]))).toEqual([
        `${out}/components/index.ts`,
        `${out}/routes.tsx`,
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
