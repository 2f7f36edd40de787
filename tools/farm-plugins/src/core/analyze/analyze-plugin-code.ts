import { problem, type FarmProblem } from '../errors';
import { pythonAliasOf, type LoadedManifest } from '../manifest';
import { checkExports } from './check-exports';
import { checkDeclaredPaths, type DeclaredPathResolution } from './paths/declared-paths';
import { reachedSkippedPaths } from './paths/reached-paths';
import { PythonModules } from './python/python-exports';
import { pythonFacts, type PythonReport } from './python/python-report';
import { findingToProblem } from './rules';
import { createScriptProject } from './script/script-project';
import { scriptFacts } from './script/script-facts';
import { applySuppressions, byPosition } from './suppressions';
import type { PluginCodeAnalysis, SourceComment, SourceFacts, SourceText } from './types';
import { judgeUsage } from './usage-rules';

export interface PluginCodeInput {
  loaded: LoadedManifest;
  /** The plugin's TypeScript / JavaScript sources (the shell's walk plus every declared file). */
  scripts: readonly SourceText[];
  /** The Python analyzer's report on the plugin's .py files. */
  python: PythonReport;
  /** Where the declared paths really lead (realpath, in the shell). */
  paths: DeclaredPathResolution;
  /** Files the shell could not hand over (too large, unreadable), and why. */
  unreadable?: readonly { file: string; reason: string }[];
  /** Why the Python analyzer could not run, if it could not. */
  pythonError?: string;
  /**
   * Folders and files the shell left out as not the plugin's own code (tests/, dist/, dot-folders,
   * *.spec.ts …), workspace-relative; the analysis says which of them the code reaches.
   */
  skipped?: readonly string[];
}

/**
 * Static analysis of one plugin: code safety rules, declared-vs-used permissions, declared paths
 * and export checks, with `farm-allow` suppressions applied. Pure: the shell reads files,
 * resolves symlinks and runs the Python analyzer, and passes the results in.
 */
export function analyzePluginCode(input: PluginCodeInput): PluginCodeAnalysis {
  const { loaded } = input;
  const plugin = loaded.manifest.name;
  const problems: FarmProblem[] = [];
  const unanalyzable = (file: string, message: string, line = 1, column = 1) =>
    problems.push(problem('FARM_E079', `${file} ${message}`, { plugin, file, line, column }));

  const scripts = createScriptProject(input.scripts);
  const facts: SourceFacts[] = [];
  for (const [file, sourceFile] of scripts.files) {
    const error = scripts.syntaxErrors.get(file);
    if (error) unanalyzable(file, `has a syntax error: ${error.message}`, error.line, error.column);
    else facts.push(scriptFacts(sourceFile, file));
  }
  for (const report of input.python.files) {
    if (report.error) unanalyzable(report.path, report.error.message, report.error.line, report.error.column);
    else facts.push(pythonFacts(report));
  }
  for (const u of input.unreadable ?? []) unanalyzable(u.file, u.reason);
  if (input.pythonError)
    problems.push(
      problem('FARM_E079', `Python sources not analyzed: ${input.pythonError}`, {
        plugin,
        file: loaded.file,
        fix: 'create the backend venv (npm run setup, or nx run backend:sync-deps), or point $FARM_PYTHON at a Python 3.11',
      }),
    );

  const judged = judgeUsage(facts, loaded.root, loaded.manifest.permissions);
  const comments = new Map<string, SourceComment[]>(facts.map((f) => [f.file, f.comments]));
  const {
    kept,
    suppressed,
    problems: suppressionProblems,
  } = applySuppressions([...facts.flatMap((f) => f.findings), ...judged.findings], comments, plugin);
  problems.push(...kept.map((f) => findingToProblem(f, plugin)), ...suppressionProblems);

  const declared = checkDeclaredPaths(loaded, input.paths);
  problems.push(...declared.problems);
  const pythonFiles = new Set(input.python.files.map((r) => r.path));
  for (const file of new Set(declared.files.values())) {
    if (file.endsWith('.py') && !pythonFiles.has(file) && !input.pythonError)
      unanalyzable(file, 'is declared but was not analyzed');
  }
  const modules = new PythonModules(input.python.files, loaded.root, pythonAliasOf(plugin));
  problems.push(...checkExports(loaded, declared.files, scripts, modules));

  return {
    problems: sortProblems(problems),
    suppressed: suppressed.sort(byPosition),
    usage: judged.usage,
    files: [...new Set([...scripts.files.keys(), ...input.python.files.map((r) => r.path)])].sort(),
    reached: reachedSkippedPaths({
      root: loaded.root,
      alias: pythonAliasOf(plugin),
      facts,
      python: input.python.files,
      skipped: input.skipped ?? [],
    }),
  };
}

function sortProblems(problems: FarmProblem[]): FarmProblem[] {
  return problems.sort((a, b) => {
    const fa = a.file ?? '';
    const fb = b.file ?? '';
    return fa < fb
      ? -1
      : fa > fb
        ? 1
        : (a.line ?? 0) - (b.line ?? 0) ||
          (a.column ?? 0) - (b.column ?? 0) ||
          (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  });
}
