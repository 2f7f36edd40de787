import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import type { LoadedManifest } from '../core/manifest';
import { pendingPluginCache, pluginFolderOnDisk, type PendingFiles } from './pending-plugin-folders';

const loaded = { manifest: { name: '@t/weather' }, root: 'libs/plugins/weather' } as unknown as LoadedManifest;

/** A pending change holding `files` (workspace-relative posix path → contents), as a Tree reads it. */
function pending(files: Record<string, string>): PendingFiles {
  const under = (dir: string) => Object.keys(files).filter((path) => path.startsWith(`${dir}/`));
  return {
    exists: (path) => path in files || under(path).length > 0,
    isFile: (path) => path in files,
    children: (dir) => [...new Set(under(dir).map((path) => path.slice(dir.length + 1).split('/')[0]!))],
    read: (path) => (path in files ? Buffer.from(files[path]!) : null),
  };
}

describe('the folder a plugin is read from on disk', () => {
  let root: string;
  beforeEach(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'farm-pending-plugin-')));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const files = (tarball: string) => ({
    'libs/plugins/weather/plugin.json': '{"name":"@t/weather"}',
    'libs/plugins/weather/vendor/x-1.0.0.tgz': tarball,
    'libs/plugins/other/plugin.json': '{}',
  });

  it('is its own folder when it is on disk, whatever the pending change holds', () => {
    mkdirSync(join(root, 'libs/plugins/weather'), { recursive: true });
    writeFileSync(join(root, 'libs/plugins/weather/plugin.json'), '{}');
    expect(pluginFolderOnDisk(root, loaded, pending(files('a')))).toBe(join(root, 'libs/plugins/weather'));
  });

  it('is its own folder when neither the disk nor a pending change holds it', () => {
    expect(pluginFolderOnDisk(root, loaded)).toBe(join(root, 'libs/plugins/weather'));
    expect(pluginFolderOnDisk(root, loaded, pending({}))).toBe(join(root, 'libs/plugins/weather'));
  });

  it('is a copy of exactly its pending files, in the cache, named by their bytes', () => {
    const copy = pluginFolderOnDisk(root, loaded, pending(files('a')));
    expect(posix.dirname(copy)).toBe(join(root, pendingPluginCache));
    expect(readFileSync(join(copy, 'vendor/x-1.0.0.tgz'), 'utf8')).toBe('a');
    expect(readFileSync(join(copy, 'plugin.json'), 'utf8')).toBe('{"name":"@t/weather"}');
    // The same bytes again: the same copy; other bytes: another, never the stale one.
    expect(pluginFolderOnDisk(root, loaded, pending(files('a')))).toBe(copy);
    const changed = pluginFolderOnDisk(root, loaded, pending(files('b')));
    expect(changed).not.toBe(copy);
    expect(readFileSync(join(changed, 'vendor/x-1.0.0.tgz'), 'utf8')).toBe('b');
  });
});
