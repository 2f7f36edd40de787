import { spawnSync } from 'node:child_process';
import {
  parsePythonReport,
  pythonAnalyzerScript,
  type PythonAnalyzerRequest,
  type PythonReport,
} from '../../../src/core/analyze';
import { pythonExecutable } from '../../../src/workspace-io';

/** One Python process for all of a plugin's .py files: the analyzer parses them with `ast`. */
export function runPythonAnalyzer(request: PythonAnalyzerRequest): { report: PythonReport; error?: string } {
  if (!request.files.length) return { report: { files: [] } };
  const run = spawnSync(pythonExecutable, [pythonAnalyzerScript], {
    input: JSON.stringify(request),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: 120_000,
  });
  if (run.error || run.status !== 0) {
    const why = run.error?.message ?? (run.stderr.trim().split('\n').pop() || `exit code ${run.status}`);
    return { report: { files: [] }, error: `${pythonExecutable} ${pythonAnalyzerScript} failed: ${why}` };
  }
  try {
    return { report: parsePythonReport(run.stdout) };
  } catch (error) {
    return { report: { files: [] }, error: (error as Error).message };
  }
}
