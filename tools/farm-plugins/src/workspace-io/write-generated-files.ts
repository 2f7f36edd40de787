import { relative, resolve } from 'node:path';
import type { GeneratedFile } from '../core/emit/shared';
import { commitFiles } from './file-transaction';
import { readTextOrNull } from './read-text';

export interface WriteReport {
  written: string[];
  unchanged: string[];
}

/**
 * Writes generated files only when their bytes differ (so Vite HMR and uvicorn --reload do not
 * loop, and mtimes stay put), all changed files as one transaction (commitFiles): a kill never
 * leaves half a file, nor a new `__init__.py` beside an old `integration.py` after the next command.
 */
export function writeGeneratedFiles(workspaceRoot: string, files: readonly GeneratedFile[]): WriteReport {
  const report: WriteReport = { written: [], unchanged: [] };
  const changed: GeneratedFile[] = [];
  for (const file of files) {
    const target = resolve(workspaceRoot, file.path);
    if (relative(workspaceRoot, target).startsWith('..'))
      throw new Error(`refusing to write outside the workspace: ${file.path}`);
    if (readTextOrNull(target) === file.contents) {
      report.unchanged.push(file.path);
      continue;
    }
    changed.push(file);
    report.written.push(file.path);
  }
  commitFiles(
    workspaceRoot,
    changed.map((file) => ({ path: file.path, contents: file.contents })),
  );
  return report;
}
