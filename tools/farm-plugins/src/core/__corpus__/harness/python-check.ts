import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pythonExecutable } from '../../../workspace-io/runtimes';
import type { CheckedFile } from './typescript-check';

export interface PythonFacts {
  path: string;
  /** py_compile's message, when the file does not compile. */
  error?: string;
  strings?: string[];
  names?: string[];
  /** Maximal literal subtrees as canonical JSON. */
  literals?: string[];
  imports?: string[];
  /** Class-level names that shadow module-level ones (Field, Optional …). */
  shadowing?: string[];
  /** Module-level names and class-level names the file defines. */
  defined?: string[];
}

/** py_compile and AST facts for a batch of generated Python files: one process of the backend's Python. */
export function checkPython(files: readonly CheckedFile[]): PythonFacts[] {
  if (!files.length) return [];
  const run = spawnSync(pythonExecutable, [join(__dirname, 'python_check.py')], {
    input: JSON.stringify({ files: files.map((f) => ({ path: f.path, text: f.contents })) }),
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`python_check.py failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as PythonFacts[];
}
