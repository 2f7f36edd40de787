import { fixtureManifest, fixtureWorkspace } from '../testing/manifest-fixtures';
import { integrateHost } from './integrate-host';

const manifests = [
  fixtureManifest({
    name: '@farm/notes',
    frontend: { components: { NotesPanel: { path: './components/NotesPanel.tsx' } } },
    backend: { routers: { notes: { path: './routers/notes.py', prefix: '/notes' } } },
  }),
];
const state = { manifests, workspace: fixtureWorkspace(manifests), problems: [] };

function integrate(host: 'frontend' | 'backend', missing: string) {
  const asked: string[] = [];
  const exists = (file: string) => (asked.push(file), file !== missing);
  return { ...integrateHost({ state, host, outDir: `apps/${host}/src/plugins`, project: host, exists }), asked };
}

describe('integrateHost plans only what its host emits', () => {
  it('the backend neither checks nor fails on a missing frontend file', () => {
    const { problems, files, asked } = integrate('backend', 'libs/plugins/notes/components/NotesPanel.tsx');
    expect(problems).toEqual([]);
    expect(files.map((f) => f.path)).toContain('apps/backend/src/plugins/integration.py');
    expect(asked).toEqual(['libs/plugins/notes/routers/notes.py']);
  });

  it('the frontend neither checks nor fails on a missing router', () => {
    const { problems, asked } = integrate('frontend', 'libs/plugins/notes/routers/notes.py');
    expect(problems).toEqual([]);
    expect(asked).toEqual(['libs/plugins/notes/components/NotesPanel.tsx']);
  });

  it('each host still reports its own missing file', () => {
    const { problems, files } = integrate('backend', 'libs/plugins/notes/routers/notes.py');
    expect(problems.map((p) => [p.code, p.pointer])).toEqual([['FARM_E057', '/backend/routers/notes/path']]);
    expect(files).toEqual([]);
  });
});

describe('integrateHost and values generated code cannot hold', () => {
  it('reports a too-deep value as a located FARM_E087 instead of throwing', () => {
    const deep = JSON.parse(`${'['.repeat(70)}${']'.repeat(70)}`);
    const loaded = fixtureManifest({
      name: '@farm/deep',
      defaultConfig: { nested: deep },
      backend: { routers: { r: { path: './routers/r.py', prefix: '/r' } } },
    });
    const deepState = { manifests: [loaded], workspace: fixtureWorkspace([loaded]), problems: [] };
    const result = integrateHost({
      state: deepState,
      host: 'backend',
      outDir: 'apps/backend/src/plugins',
      project: 'backend',
      exists: () => true,
    });
    expect(result.files).toEqual([]);
    expect(result.problems.map((p) => [p.code, p.file, p.pointer, typeof p.line])).toEqual([
      ['FARM_E087', 'libs/plugins/deep/plugin.json', '/defaultConfig', 'number'],
    ]);
  });
});
