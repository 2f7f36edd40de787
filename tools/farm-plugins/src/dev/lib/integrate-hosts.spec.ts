import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../testing/temp-workspace';
import type { HostProject } from './host-projects';
import { integrateInProcess } from './integrate-hosts';

const hosts: HostProject[] = [
  { kind: 'backend', project: 'backend', root: 'apps/backend', outDir: 'apps/backend/src/plugins' },
  { kind: 'frontend', project: 'frontend', root: 'apps/frontend', outDir: 'apps/frontend/src/plugins' },
];

function snapshot(root: string, dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(join(root, dir))) {
    const rel = `${dir}/${name}`;
    if (statSync(join(root, rel)).isDirectory()) Object.assign(out, snapshot(root, rel));
    else out[rel] = readFileSync(join(root, rel), 'utf8');
  }
  return out;
}

describe('integrateInProcess', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'farm-dev-integrate-'));
    cpSync(join(repoRoot, 'workspace.json'), join(root, 'workspace.json'));
    cpSync(join(repoRoot, 'libs/plugins'), join(root, 'libs/plugins'), { recursive: true, filter: (s) => !/__pycache__|\/generated$/.test(s) });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes both hosts on the first run, and nothing on the second', () => {
    const first = integrateInProcess(root, hosts);
    expect(first.ok).toBe(true);
    expect(first.written).toEqual(expect.arrayContaining(['apps/backend/src/plugins/integration.py', 'apps/frontend/src/plugins/routes.tsx']));
    expect(integrateInProcess(root, hosts)).toMatchObject({ ok: true, written: [] });
  });

  it('only the hosts asked for', () => {
    rmSync(join(root, 'apps/frontend'), { recursive: true, force: true });
    const result = integrateInProcess(root, [hosts[1]]);
    expect(result.written.length).toBeGreaterThan(0);
    expect(result.written.every((f) => f.startsWith('apps/frontend/'))).toBe(true);
  });

  it('a broken manifest: nothing written, each problem once although both hosts hit it', () => {
    const before = { ...snapshot(root, 'apps/backend'), ...snapshot(root, 'apps/frontend') };
    const manifest = join(root, 'libs/plugins/auth/plugin.json');
    const good = readFileSync(manifest, 'utf8');
    writeFileSync(manifest, good.replace('"backend": {', '"backend": {,'));
    try {
      const result = integrateInProcess(root, hosts);
      expect(result.ok).toBe(false);
      expect(result.written).toEqual([]);
      const syntax = result.problems.filter((p) => p.code === 'FARM_E002');
      expect(syntax).toHaveLength(1);
      expect(syntax[0].file).toBe('libs/plugins/auth/plugin.json');
      expect({ ...snapshot(root, 'apps/backend'), ...snapshot(root, 'apps/frontend') }).toEqual(before);
    } finally {
      writeFileSync(manifest, good);
    }
  });
});
