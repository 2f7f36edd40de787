import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const made: string[] = [];

/**
 * A plugin folder on disk, as `add` installs from a path: its plugin.json (required fields filled
 * in, `manifest` merged over them) and source files. Call removeFolderPlugins() in afterAll.
 */
export function folderPlugin(name: string, manifest: object = {}, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'farm-folder-plugin-'));
  made.push(dir);
  const full = {
    name,
    version: '1.0.0',
    description: 'test',
    author: 't',
    license: 'MIT',
    farmVersion: '^1.0.0',
    ...manifest,
  };
  for (const [path, contents] of Object.entries({ ...files, 'plugin.json': JSON.stringify(full) })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), contents);
  }
  return dir;
}

/** Removes every folder folderPlugin made in this test file. */
export function removeFolderPlugins(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
