import { spawnSync } from 'node:child_process';
import { pythonExecutable } from '../../../workspace-io/runtimes';
import { posix } from 'node:path';
import type { LoadedManifest } from '../../manifest';
import { analyzePluginCode } from '../analyze-plugin-code';
import { declaredFileCompanions, declaredFiles } from '../paths/declared-paths';
import { parsePythonReport, pythonAnalyzerScript, type PythonReport } from '../python/python-report';
import { scriptExtensions } from '../script/script-project';
import type { PluginCodeAnalysis } from '../types';

const python = pythonExecutable;

/** Tests: the real analyzer script over in-memory Python sources, all in one process. */
export function runPythonInline(files: readonly { path: string; text: string }[]): PythonReport {
  if (!files.length) return { files: [] };
  const run = spawnSync(python, [pythonAnalyzerScript], {
    input: JSON.stringify({ root: '/nonexistent', files }),
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`analyzer failed: ${run.stderr}`);
  return parsePythonReport(run.stdout);
}

/**
 * Tests: analyzePluginCode over in-memory files (workspace-relative path → text), as if on disk
 * under /ws. `symlinks` maps a file to the absolute path its realpath would be.
 */
export function analyzeInMemory(
  loaded: LoadedManifest,
  files: Readonly<Record<string, string>>,
  options: { symlinks?: Record<string, string>; python?: PythonReport } = {},
): PluginCodeAnalysis {
  const inPlugin = Object.keys(files)
    .filter((f) => f.startsWith(`${loaded.root}/`))
    .sort();
  const real: Record<string, string | null> = {};
  for (const file of [...declaredFiles(loaded), ...declaredFileCompanions(loaded)])
    real[file] = options.symlinks?.[file] ?? (file in files ? posix.join('/ws', file) : null);
  const pyFiles = inPlugin.filter((f) => f.endsWith('.py')).map((path) => ({ path, text: files[path]! }));
  return analyzePluginCode({
    loaded,
    scripts: inPlugin.filter((f) => scriptExtensions.test(f)).map((file) => ({ file, text: files[file]! })),
    python: options.python ?? runPythonInline(pyFiles),
    paths: { realRoot: posix.join('/ws', loaded.root), real },
  });
}
