import type { FarmProblem } from '../errors';

/** The static code rules (docs/security.md#rules). A `farm-allow <rule>: <reason>` comment names one. */
export type RuleId =
  | 'eval'
  | 'dynamic-import'
  | 'process-spawn'
  | 'unsafe-deserialization'
  | 'raw-socket'
  | 'fs-outside-plugin'
  | 'network-host'
  | 'undeclared-env'
  | 'introspection';

export interface SourceLocation {
  /** Workspace-relative file. */
  file: string;
  line: number;
  column: number;
}

/** One rule hit in a source file, before suppressions are applied. */
export interface RawFinding extends SourceLocation {
  rule: RuleId;
  /** One line: what the code does and why that matters. */
  message: string;
}

/** A comment's text without its marker (`//`, `/*`, `#`), on the line where it starts. */
export interface SourceComment {
  line: number;
  text: string;
}

/** A source file as the shell read it. */
export interface SourceText {
  /** Workspace-relative path. */
  file: string;
  text: string;
}

/**
 * Where a path in code points. `file`: relative to the source file's folder (`__dirname`,
 * `__file__`); `abs`: absolute; `cwd`: relative to the working directory, which FARM takes to be
 * the workspace root (the cwd of nx targets) — never the plugin folder.
 */
export interface CodePath {
  anchor: 'file' | 'abs' | 'cwd';
  path: string;
}

export type AccessMode = 'read' | 'write';

/**
 * What one source file does, as the TypeScript walker and the Python analyzer both report it:
 * intrinsic findings plus the raw facts the declaration rules and the policy judge.
 */
export interface SourceFacts {
  file: string;
  findings: RawFinding[];
  hosts: (SourceLocation & { host: string; url: string })[];
  env: (SourceLocation & { name?: string })[];
  files: (SourceLocation & { mode: AccessMode; path?: CodePath })[];
  modules: (SourceLocation & { module: string })[];
  comments: SourceComment[];
  /** Relative module specifiers (`./lib/x`, `../dist/y.js`) imported, re-exported or required. */
  imports?: (SourceLocation & { specifier: string })[];
}

/** What the code uses, for the declaration rules and the security policy. */
export interface CodeUsage {
  /** Hosts of literal URLs passed to network calls. */
  hosts: (SourceLocation & { host: string; url: string })[];
  /** Environment reads; no name: a computed name or the whole environment. */
  env: (SourceLocation & { name?: string })[];
  /** File accesses; no path: computed at run time. `path` is workspace-relative or absolute. */
  files: (SourceLocation & { mode: AccessMode; path?: string; inside: boolean })[];
  /** Imported modules that imply a capability (database drivers). */
  modules: (SourceLocation & { module: string })[];
}

export function emptyUsage(): CodeUsage {
  return { hosts: [], env: [], files: [], modules: [] };
}

/** Everything the code analysis of one plugin found. */
export interface PluginCodeAnalysis {
  /**
   * Located problems: rule findings (FARM_E070–E077), suppression warnings (E078), sources that
   * could not be analyzed (E079), declared paths (E056, E057) and export checks (E080–E086).
   */
  problems: FarmProblem[];
  /** Findings silenced by a `farm-allow` comment with a reason. */
  suppressed: (RawFinding & { reason: string })[];
  usage: CodeUsage;
  /** Workspace-relative source files analyzed, sorted. */
  files: string[];
  /**
   * Skipped paths (PluginCodeInput.skipped) that analyzed code imports: they run with it, so the
   * shell analyzes them too and asks again (no folder is exempt once the plugin's code reaches in).
   * Absent or empty: none.
   */
  reached?: string[];
}
