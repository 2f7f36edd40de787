import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { scriptExtensions, type SourceText } from '../../../src/core/analyze';

/** Folders whose contents are not the plugin's own source, or are tests. */
const skippedFolders = new Set([
  'node_modules',
  'generated',
  'dist',
  '__pycache__',
  '__tests__',
  '__mocks__',
  'tests',
  'test',
]);
const testFile = /(\.(spec|test)\.[cm]?[jt]sx?$)|(^test_.*\.py$)|(_test\.py$)|(^conftest\.py$)/;
export const maxSourceBytes = 2 * 1024 * 1024;
const maxFiles = 5000;

export interface PluginSources {
  scripts: SourceText[];
  /** Workspace-relative .py files, for the Python analyzer (which reads them itself). */
  python: string[];
  unreadable: { file: string; reason: string }[];
  /** Folders and test files left out as not the plugin's own code, workspace-relative, sorted. */
  skipped: string[];
}

/**
 * The plugin's TypeScript/JavaScript and Python sources, sorted, plus every declared file. A
 * skipped folder (tests/, dist/, a dot-folder …) is analyzed whole, test files included, when a
 * declared file lies in it or when `opened` names it (code that was analyzed imports from it): no
 * folder is exempt once the manifest or the code reaches into it. Symlinks are not followed: a
 * declared one is checked through its realpath.
 */
export function collectPluginSources(
  workspaceRoot: string,
  pluginRoot: string,
  declared: readonly string[],
  opened: readonly string[] = [],
): PluginSources {
  const openedFolders = new Set([...declared.flatMap((file) => skippedFoldersAbove(pluginRoot, file)), ...opened]);
  const inOpened = (path: string) => [...openedFolders].some((folder) => path.startsWith(`${folder}/`));
  const found = new Set<string>();
  const skipped: string[] = [];
  const pending = [pluginRoot];
  while (pending.length) {
    const dir = pending.pop()!;
    for (const entry of readdirSync(join(workspaceRoot, dir), { withFileTypes: true })) {
      const path = posix.join(dir, entry.name);
      if (entry.isSymbolicLink()) continue;
      const open = openedFolders.has(path) || inOpened(path);
      if (entry.isDirectory()) {
        if (open || !isSkippedFolder(entry.name)) pending.push(path);
        else skipped.push(path);
      } else if (entry.isFile() && isSource(entry.name)) {
        if (open || opened.includes(path) || !(testFile.test(entry.name) || entry.name.startsWith('.')))
          found.add(path);
        else skipped.push(path);
      }
    }
  }
  for (const file of declared) if (isSource(file)) found.add(file);

  const sources: PluginSources = {
    scripts: [],
    python: [],
    unreadable: [],
    skipped: skipped.filter((path) => !found.has(path)).sort(),
  };
  for (const [i, file] of [...found].sort().entries()) {
    if (i >= maxFiles) {
      sources.unreadable.push({ file, reason: `not analyzed: the plugin has more than ${maxFiles} source files` });
      continue;
    }
    const size = statSync(join(workspaceRoot, file)).size;
    if (size > maxSourceBytes)
      sources.unreadable.push({ file, reason: `is ${size} bytes, over the ${maxSourceBytes}-byte analysis limit` });
    else if (file.endsWith('.py')) sources.python.push(file);
    else sources.scripts.push({ file, text: readFileSync(join(workspaceRoot, file), 'utf8') });
  }
  return sources;
}

/** The skipped folders between the plugin root and `file` (`libs/plugins/p/tests` for tests/vite.ts). */
function skippedFoldersAbove(pluginRoot: string, file: string): string[] {
  const inside = posix.relative(pluginRoot, file).split('/').slice(0, -1);
  return inside.flatMap((name, i) =>
    isSkippedFolder(name) ? [posix.join(pluginRoot, ...inside.slice(0, i + 1))] : [],
  );
}

function isSkippedFolder(name: string): boolean {
  return skippedFolders.has(name) || name.startsWith('.');
}

function isSource(name: string): boolean {
  return name.endsWith('.py') || (scriptExtensions.test(name) && !name.endsWith('.d.ts'));
}
