import type { FarmState } from '../state';
import { fixtureManifest, fixtureWorkspace } from '../testing/manifest-fixtures';
import { problem } from '../errors';
import { integrateHost, type IntegrateInput } from './integrate-host';

const notes = fixtureManifest({
  name: '@farm/notes',
  backend: { routers: { notes: { path: './routers/notes.py', prefix: '/notes' } } },
});
const workspace = fixtureWorkspace([notes]);
const router = 'libs/plugins/notes/routers/notes.py';

describe('integrateHost in a long-lived process', () => {
  let files: Set<string>;
  let asked: string[];
  // A distinct output folder per test: the memo is kept per host app and folder.
  let outDir = 0;
  const input = (state: FarmState): IntegrateInput => ({
    state,
    host: 'backend',
    outDir: `out/${outDir}`,
    project: 'backend',
    exists: (f) => (asked.push(f), files.has(f)),
  });
  beforeEach(() => {
    files = new Set([router]);
    asked = [];
    outDir++;
  });

  it('returns the previous result when the same state reads the same answers from the disk', () => {
    const state = { manifests: [notes], workspace, problems: [] };
    const first = integrateHost(input(state));
    expect(first.files.length).toBeGreaterThan(0);
    // The same manifest and workspace objects (loadFarmState reuses them while their files are unchanged).
    expect(integrateHost(input({ ...state, manifests: [notes] }))).toBe(first);
    expect(asked).toEqual([router, router]);
  });

  it('plans again when an asked file appears or disappears', () => {
    const state = { manifests: [notes], workspace, problems: [] };
    const first = integrateHost(input(state));
    files.delete(router);
    const missing = integrateHost(input(state));
    expect(missing.problems.map((p) => p.code)).toEqual(['FARM_E057']);
    files.add(router);
    expect(integrateHost(input(state)).files).toEqual(first.files);
  });

  it('plans again when a manifest, the workspace, a load problem or the runtimes differ', () => {
    const state = { manifests: [notes], workspace, problems: [] };
    const first = integrateHost(input(state));
    const renamed = fixtureManifest({
      ...notes.manifest,
      backend: { routers: { notes: { path: './routers/notes.py', prefix: '/memos' } } },
    });
    expect(integrateHost(input({ ...state, manifests: [renamed] }))).not.toBe(first);
    const base = integrateHost(input(state));
    expect(integrateHost(input({ ...state, workspace: { ...workspace } }))).not.toBe(base);
    const again = integrateHost(input(state));
    const broken = problem('FARM_E002', 'JSON syntax', { file: 'libs/plugins/x/plugin.json' });
    expect(integrateHost(input({ ...state, problems: [broken] })).problems).toEqual([broken]);
    expect(integrateHost(input(state))).not.toBe(again);
    const withPython = integrateHost({ ...input(state), runtimes: { node: '20.0.0', python: '3.11.2' } });
    expect(integrateHost({ ...input(state), runtimes: { node: '20.0.0', python: '3.12.0' } })).not.toBe(withPython);
  });
});
