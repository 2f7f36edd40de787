import { join } from 'node:path';
import type { AccessMode, CodePath, RawFinding, SourceComment, SourceFacts } from '../types';
import { isRuleId } from '../rules';

/** The analyzer script shipped in the package; run it with the backend's Python (`.venv/bin/python <script>`), request on stdin. */
export const pythonAnalyzerScript = join(__dirname, 'analyzer.py');

/** What the shell sends on stdin: files by workspace-relative path (read from `root` unless `text` is given). */
export interface PythonAnalyzerRequest {
  root: string;
  files: { path: string; text?: string }[];
}

export interface PythonAssignment {
  name: string;
  line: number;
  column: number;
  value:
    | { kind: 'call'; callee: string | null; canonical: string | null }
    | { kind: 'name'; ref: string | null }
    | { kind: 'other'; type: string };
}

export interface PythonClass {
  name: string;
  line: number;
  column: number;
  /** Base classes as written (`AIProvider`, `base.Provider`). */
  bases: string[];
  /** Methods and other class-level names. */
  methods: string[];
  /** Those of them that are placeholders, not implementations: `@abstractmethod` or `= None`. */
  stubs: { name: string; kind: 'abstract' | 'None'; line: number }[];
}

/** `from <module> import <names>` (level: leading dots), or `import <module> [as <asname>]` (names empty). */
export interface PythonImport {
  module: string;
  level: number;
  line: number;
  names: { name: string; asname: string | null }[];
  asname?: string | null;
}

/** Module-level definitions of one file, for the export checks. */
export interface PythonSymbols {
  classes: PythonClass[];
  assignments: PythonAssignment[];
  functions: { name: string; line: number; column: number }[];
  imports: PythonImport[];
}

/** One file as the analyzer reports it: facts and symbols, or why it could not be parsed. */
export interface PythonFileReport {
  path: string;
  error?: { message: string; line: number; column: number };
  findings?: Omit<RawFinding, 'file'>[];
  hosts?: { line: number; column: number; host: string; url: string }[];
  env?: { line: number; column: number; name?: string }[];
  files?: { line: number; column: number; mode: AccessMode; path?: CodePath }[];
  modules?: { line: number; column: number; module: string }[];
  /** Every absolute import (`a.b` of `import a.b` / `from a.b import c`), anywhere in the file; `guarded`: the code copes without it (try/except ImportError, if TYPE_CHECKING). */
  imported?: { line: number; column: number; module: string; guarded: boolean }[];
  comments?: SourceComment[];
  symbols?: PythonSymbols;
}

export interface PythonReport {
  files: PythonFileReport[];
}

/**
 * Parses the analyzer's stdout. Anything malformed throws: a broken analyzer must fail the
 * validation loudly, never pass a plugin by accident.
 */
export function parsePythonReport(stdout: string): PythonReport {
  const value = JSON.parse(stdout) as PythonReport;
  if (!value || !Array.isArray(value.files)) throw new Error('python analyzer: no "files" array in its output');
  for (const file of value.files) {
    if (typeof file.path !== 'string') throw new Error('python analyzer: a report has no path');
    for (const f of file.findings ?? [])
      if (!isRuleId(f.rule)) throw new Error(`python analyzer: unknown rule "${f.rule}"`);
  }
  return value;
}

/** A parsed file's facts in the shape the TypeScript walker produces. */
export function pythonFacts(report: PythonFileReport): SourceFacts {
  const file = report.path;
  return {
    file,
    findings: (report.findings ?? []).map((f) => ({ ...f, file })),
    hosts: (report.hosts ?? []).map((h) => ({ ...h, file })),
    env: (report.env ?? []).map((e) => ({ ...e, file })),
    files: (report.files ?? []).map((f) => ({ ...f, file })),
    modules: (report.modules ?? []).map((m) => ({ ...m, file })),
    comments: report.comments ?? [],
  };
}
