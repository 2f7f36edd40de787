import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../testing/temp-workspace';
import { followSources } from './follow-sources';
import type { HostProject } from './host-projects';
import { createIntegrator, type Integrator } from './integrator';
import type { DevLog } from './log';
import type { SourceWatcher } from './watch-sources';

// Issue 12 F4: the dev loop with its real pieces (fs.watch, the in-process integrate, the runtime
// gate's TypeScript and Python halves) retries a failing host when the file at fault is fixed,
// although that edit changes no wiring.

const frontend: HostProject = {
  host: 'frontend',
  project: 'frontend',
  root: 'apps/frontend',
  outDir: 'apps/frontend/src/plugins',
  target: 'integrate',
};
const backend: HostProject = {
  host: 'backend',
  project: 'backend',
  root: 'apps/backend',
  outDir: 'apps/backend/src/plugins',
  target: 'integrate',
};

interface Run {
  why: string;
  ok: boolean;
}

/** The loop's pieces on `root`: every integrate run and every log line recorded, runs awaitable. */
function startLoop(root: string, hosts: HostProject[]) {
  const lines: string[] = [];
  const log: DevLog = {
    info: (m) => lines.push(m),
    ok: (m) => lines.push(`✓ ${m}`),
    warn: (m) => lines.push(`! ${m}`),
    error: (m) => lines.push(`✗ ${m}`),
    server: () => undefined,
  };
  const real = createIntegrator({ workspaceRoot: root, integrate: 'in-process', log }, hosts);
  const runs: Run[] = [];
  let wake: (() => void) | undefined;
  const integrator: Integrator = {
    failing: () => real.failing(),
    async run(targets, why) {
      const ok = await real.run(targets, why);
      runs.push({ why, ok });
      wake?.();
      return ok;
    },
  };
  /** The next integrate run after `count` runs, or an error naming what was seen. */
  const run = (count: number) =>
    new Promise<Run>((resolve, reject) => {
      if (runs.length > count) return resolve(runs[count]!);
      const timer = setTimeout(
        () => reject(new Error(`no integrate run #${count + 1} within 60 s; log:\n${lines.join('\n')}`)),
        60_000,
      );
      wake = () => {
        if (runs.length <= count) return;
        clearTimeout(timer);
        resolve(runs[count]!);
      };
    });
  return { integrator, runs, run, lines, log };
}

/** This repository's workspace.json and plugins, without bytecode, build output or packages. */
function copyPlugins(root: string): void {
  cpSync(join(repoRoot, 'workspace.json'), join(root, 'workspace.json'));
  cpSync(join(repoRoot, 'libs/plugins'), join(root, 'libs/plugins'), {
    recursive: true,
    filter: (s) => !/__pycache__|\/generated$|node_modules/.test(s),
  });
  writeFileSync(join(root, 'nx.json'), '{}');
}

/** An editor's atomic save: a new file renamed over the old one (vim, JetBrains). */
function saveByRename(path: string, contents: string): void {
  writeFileSync(`${path}.tmp`, contents);
  renameSync(`${path}.tmp`, path);
}

function addEntry(root: string, plugin: string, edit: (manifest: any) => void): string {
  const path = join(root, 'libs/plugins', plugin, 'plugin.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8'));
  edit(manifest);
  writeFileSync(path, JSON.stringify(manifest, null, 2));
  return path;
}

describe('followSources: a failing host is retried on any change of the sources', () => {
  let root: string;
  let watcher: SourceWatcher | undefined;
  afterEach(() => {
    watcher?.close();
    watcher = undefined;
    rmSync(root, { recursive: true, force: true });
  });

  it('frontend: a component with a type error (FARM_E106) recovers when the component alone is fixed', async () => {
    root = mkdtempSync(join(tmpdir(), 'farm-dev-follow-fe-'));
    copyPlugins(root);
    mkdirSync(join(root, 'apps/frontend'), { recursive: true });
    cpSync(join(repoRoot, 'apps/frontend/tsconfig.json'), join(root, 'apps/frontend/tsconfig.json'));
    symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
    const loop = startLoop(root, [frontend]);
    expect(await loop.integrator.run([frontend], 'start')).toBe(true);
    watcher = followSources({ workspaceRoot: root, debounceMs: 50, log: loop.log }, loop.integrator, [frontend]);

    const badge = join(root, 'libs/plugins/ai-chat/components/NoteBadge.tsx');
    const source = (value: string) =>
      `import { useState } from 'react';\n\nexport default function NoteBadge() {\n  const [count] = useState(0);\n  const label: string = ${value};\n  return <span>{label}</span>;\n}\n`;
    writeFileSync(badge, source('count'));
    const manifest = addEntry(root, 'ai-chat', (m) => {
      m.frontend.components.NoteBadge = { path: './components/NoteBadge.tsx' };
    });
    const refused = await loop.run(1);
    expect(refused.ok).toBe(false);
    expect(loop.lines.join('\n')).toContain('FARM_E106');
    expect(loop.integrator.failing()).toEqual(new Set(['frontend']));
    const components = () => readFileSync(join(root, 'apps/frontend/src/plugins/components/index.ts'), 'utf8');
    expect(components()).not.toContain('NoteBadge');

    // The manifest saved again with the same bytes: nothing to compare, but the host is failing.
    writeFileSync(manifest, readFileSync(manifest));
    const again = await loop.run(2);
    expect(again).toEqual({ ok: false, why: 'libs/plugins/ai-chat/plugin.json → frontend (retry: failing)' });

    // The fix is in the component only (an in-place write, as sed -i or VS Code save).
    writeFileSync(badge, source('String(count)'));
    const fixed = await loop.run(3);
    expect(fixed).toEqual({
      ok: true,
      why: 'libs/plugins/ai-chat/components/NoteBadge.tsx → frontend (retry: failing)',
    });
    expect(loop.lines.at(-1)).toMatch(/^✓ recovered — integrated frontend in .*: wrote /);
    expect(components()).toContain('NoteBadge');
    expect(loop.integrator.failing().size).toBe(0);

    // Healthy again: a component edit is Vite's business, not an integrate.
    writeFileSync(badge, source('`${count} notes`'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(loop.runs).toHaveLength(4);
  });

  it('backend: a router that raises at import (FARM_E103) recovers when its module alone is fixed', async () => {
    root = mkdtempSync(join(tmpdir(), 'farm-dev-follow-be-'));
    copyPlugins(root);
    cpSync(join(repoRoot, 'apps/backend/src'), join(root, 'apps/backend/src'), {
      recursive: true,
      filter: (s) => !/__pycache__/.test(s),
    });
    const loop = startLoop(root, [backend]);
    expect(await loop.integrator.run([backend], 'start')).toBe(true);
    watcher = followSources({ workspaceRoot: root, debounceMs: 50, log: loop.log }, loop.integrator, [backend]);

    const module = join(root, 'libs/plugins/ai-chat/routers/notes.py');
    const source = (tail: string) =>
      `from fastapi import APIRouter\n\nnotes_router = APIRouter()\n\n\n@notes_router.get("/")\ndef list_notes():\n    return []\n${tail}`;
    writeFileSync(module, source('raise RuntimeError("boom at import")\n'));
    addEntry(root, 'ai-chat', (m) => {
      m.backend.routers.notes_router = { path: './routers/notes.py', prefix: '/notes', tags: ['notes'] };
    });
    expect((await loop.run(1)).ok).toBe(false);
    expect(loop.lines.join('\n')).toContain('FARM_E103');
    expect(loop.lines.join('\n')).toContain('until backend integrates, any save under libs/plugins');
    const integration = () => readFileSync(join(root, 'apps/backend/src/plugins/integration.py'), 'utf8');
    expect(integration()).not.toContain('notes_router');

    // The fix is in the router module only, saved by renaming a new file over it.
    saveByRename(module, source(''));
    const fixed = await loop.run(2);
    expect(fixed).toEqual({ ok: true, why: 'libs/plugins/ai-chat/routers/notes.py → backend (retry: failing)' });
    expect(loop.lines.at(-1)).toMatch(/^✓ recovered — integrated backend/);
    expect(integration()).toContain('notes_router');
  });
});
