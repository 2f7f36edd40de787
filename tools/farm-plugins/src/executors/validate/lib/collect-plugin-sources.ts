import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { scriptExtensions, type SourceText } from '../../../core/analyze';

/** Folders whose contents are not the plugin's own source, or are tests. */
const skippedFolders = new Set(['node_modules', 'generated', 'dist', '__pycache__', '__tests__', '__mocks__', 'tests', 'test']);
const testFile = /(\.(spec|test)\.[cm]?[jt]sx?$)|(^test_.*\.py$)|(_test\.py$)|(^conftest\.py$)/;
export const maxSourceBytes = 2 * 1024 * 1024;
const maxFiles = 5000;

export interface PluginSources {
  scripts: SourceText[];
  /** Workspace-relative .py files, for the Python analyzer (which reads them itself). */
  python: string[];
  unreadable: { file: string; reason: string }[];
}

/**
 * The plugin's TypeScript/JavaScript and Python sources, sorted, plus every declared file (even in
 * a skipped folder). Symlinks are not followed: a declared one is checked through its realpath.
 */
export function collectPluginSources(workspaceRoot: string, pluginRoot: string, declared: readonly string[]): PluginSources {
  const found = new Set<string>();
  const pending = [pluginRoot];
  while (pending.length) {
    const dir = pending.pop()!;
    for (const entry of readdirSync(join(workspaceRoot, dir), { withFileTypes: true })) {
      const path = posix.join(dir, entry.name);
      if (entry.isSymbolicLink() || entry.name.startsWith('.')) continue;
      if (entry.isDirectory()) {
        if (!skippedFolders.has(entry.name)) pending.push(path);
      } else if (entry.isFile() && isSource(entry.name) && !testFile.test(entry.name)) found.add(path);
    }
  }
  for (const file of declared) if (isSource(file)) found.add(file);

  const sources: PluginSources = { scripts: [], python: [], unreadable: [] };
  for (const [i, file] of [...found].sort().entries()) {
    if (i >= maxFiles) {
      sources.unreadable.push({ file, reason: `not analyzed: the plugin has more than ${maxFiles} source files` });
      continue;
    }
    const size = statSync(join(workspaceRoot, file)).size;
    if (size > maxSourceBytes) sources.unreadable.push({ file, reason: `is ${size} bytes, over the ${maxSourceBytes}-byte analysis limit` });
    else if (file.endsWith('.py')) sources.python.push(file);
    else sources.scripts.push({ file, text: readFileSync(join(workspaceRoot, file), 'utf8') });
  }
  return sources;
}

function isSource(name: string): boolean {
  return name.endsWith('.py') || (scriptExtensions.test(name) && !name.endsWith('.d.ts'));
}
