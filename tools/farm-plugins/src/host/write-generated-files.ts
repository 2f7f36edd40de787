import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { GeneratedFile } from '../core/emit/shared';

export interface WriteReport {
  written: string[];
  unchanged: string[];
}

/**
 * Writes generated files only when their bytes differ (so Vite HMR and uvicorn --reload do not
 * loop, and mtimes stay put), each through a temp file + rename so a crash never leaves half a file.
 */
export function writeGeneratedFiles(workspaceRoot: string, files: readonly GeneratedFile[]): WriteReport {
  const report: WriteReport = { written: [], unchanged: [] };
  for (const file of files) {
    const target = resolve(workspaceRoot, file.path);
    if (relative(workspaceRoot, target).startsWith('..')) throw new Error(`refusing to write outside the workspace: ${file.path}`);
    if (readOrNull(target) === file.contents) {
      report.unchanged.push(file.path);
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    const temp = join(dirname(target), `.${process.pid}.${Date.now()}.tmp`);
    writeFileSync(temp, file.contents);
    renameSync(temp, target);
    report.written.push(file.path);
  }
  return report;
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
