import { loadFarmState, type WorkspaceReader } from './load-farm-state';

const manifest = (name: string, description = 'a plugin') =>
  JSON.stringify({
    name: `@farm/${name}`,
    version: '1.0.0',
    description,
    author: 'tests',
    license: 'MIT',
    farmVersion: '^1.0.0',
  });

let hosts = 0;

/** An in-memory host that counts reads and stamps each file with a version that changes on write. */
function memoryWorkspace(files: Record<string, string>, options: { versioned: boolean }) {
  const versions = new Map(Object.keys(files).map((f) => [f, 1]));
  const reads: string[] = [];
  // Stamps are unique across hosts, as the disk host's device:inode are.
  const id = ++hosts;
  const host: WorkspaceReader = {
    read: (path) => (reads.push(path), files[path] ?? null),
    listManifests: () => Object.keys(files).filter((f) => f.endsWith('/plugin.json')),
    ...(options.versioned ? { version: (path: string) => (path in files ? `${id}:${versions.get(path)}` : null) } : {}),
  };
  const write = (path: string, text: string) => {
    files[path] = text;
    versions.set(path, (versions.get(path) ?? 0) + 1);
  };
  return { host, reads, write };
}

describe('loadFarmState', () => {
  const workspace = JSON.stringify({ farmVersion: '1.0.0', plugins: {} });

  it('re-reads only the files whose version changed when the host stamps versions', () => {
    const { host, reads, write } = memoryWorkspace(
      {
        'workspace.json': workspace,
        'libs/plugins/a/plugin.json': manifest('a'),
        'libs/plugins/b/plugin.json': manifest('b'),
      },
      { versioned: true },
    );
    const first = loadFarmState(host);
    expect(first.manifests.map((m) => m.manifest.name)).toEqual(['@farm/a', '@farm/b']);

    reads.length = 0;
    const again = loadFarmState(host);
    expect(reads).toEqual([]);
    expect(again.manifests).toEqual(first.manifests);
    expect(again.workspace).toBe(first.workspace);

    write('libs/plugins/b/plugin.json', manifest('b', 'changed'));
    reads.length = 0;
    const changed = loadFarmState(host);
    expect(reads).toEqual(['libs/plugins/b/plugin.json']);
    expect(changed.manifests[1]!.manifest.description).toBe('changed');
    expect(changed.manifests[0]).toBe(first.manifests[0]);

    write('workspace.json', JSON.stringify({ farmVersion: '1.0.0', plugins: {}, environment: 'production' }));
    reads.length = 0;
    const edited = loadFarmState(host);
    expect(reads).toEqual(['workspace.json']);
    expect(edited.workspace?.environment).toBe('production');
  });

  it('reports a broken manifest again on every load, cached or not', () => {
    const { host } = memoryWorkspace(
      { 'workspace.json': workspace, 'libs/plugins/a/plugin.json': '{ "name": ' },
      { versioned: true },
    );
    const codes = () => loadFarmState(host).problems.map((p) => `${p.code} ${p.file}:${p.line}:${p.column}`);
    const first = codes();
    expect(first[0]).toBe('FARM_E002 libs/plugins/a/plugin.json:1:11');
    expect(codes()).toEqual(first);
  });

  it('reads every manifest each time when the host has no versions (an Nx Tree)', () => {
    const { host, reads } = memoryWorkspace(
      { 'workspace.json': workspace, 'libs/plugins/a/plugin.json': manifest('a') },
      { versioned: false },
    );
    loadFarmState(host);
    reads.length = 0;
    loadFarmState(host);
    expect(reads).toEqual(['workspace.json', 'libs/plugins/a/plugin.json']);
  });

  it('lists the manifests that exist but were refused, so nothing after calls them missing', () => {
    for (const versioned of [false, true]) {
      const files = {
        'workspace.json': workspace,
        'libs/plugins/a/plugin.json': manifest('a'),
        'libs/plugins/b/plugin.json': '{ "name": ',
        'libs/plugins/c/plugin.json': '\uFEFF' + manifest('c'),
      };
      const state = loadFarmState(memoryWorkspace(files, { versioned }).host);
      expect(state.manifests.map((m) => m.manifest.name)).toEqual(['@farm/a', '@farm/c']);
      expect(state.refusedManifests).toEqual(['libs/plugins/b/plugin.json']);
    }
  });
});
