import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { folderListing } from './folder-listing';

describe('folderListing', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'farm-listing-'));
    mkdirSync(join(root, 'sub'));
    writeFileSync(join(root, 'a.ts'), '');
    writeFileSync(join(root, 'sub/b.ts'), '');
    symlinkSync(join(root, 'sub'), join(root, 'linked'), 'dir');
    symlinkSync(join(root, 'a.ts'), join(root, 'file-link.ts'));
    symlinkSync(join(root, 'nowhere'), join(root, 'broken'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('lists files and folders as the compiler is given them, links to folders marked', () => {
    const listed = folderListing()(root)!;
    expect([...listed.files].sort()).toEqual(['a.ts', 'broken', 'file-link.ts']);
    expect([...listed.directories].sort()).toEqual(['linked', 'sub']);
    expect([...listed.links]).toEqual(['linked']);
    expect(folderListing()(join(root, 'missing'))).toBeUndefined();
  });

  it('reads each folder once: what it listed first is what every later ask gets', () => {
    const disk = folderListing();
    const first = disk(root);
    writeFileSync(join(root, 'later.ts'), '');
    expect(disk(root)).toBe(first);
    expect(disk(root)!.files).not.toContain('later.ts');
    // A listing of its own (the next gate's) reads the disk again.
    expect(folderListing()(root)!.files).toContain('later.ts');
    expect(disk(join(root, 'missing'))).toBeUndefined();
    mkdirSync(join(root, 'missing'));
    expect(disk(join(root, 'missing'))).toBeUndefined();
  });
});
