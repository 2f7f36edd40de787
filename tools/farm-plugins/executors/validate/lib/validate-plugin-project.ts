import { hasErrors, type FarmProblem } from '../../../src/core/errors';
import type { PluginCodeAnalysis } from '../../../src/core/analyze';
import type { LoadedManifest } from '../../../src/core/manifest';
import type { FarmState } from '../../../src/core/state';
import { validatePlugin } from '../../../src/core/validate';
import { detectRuntimes } from '../../../src/workspace-io';
import type { ValidateExecutorSchema } from '../schema';

export interface ValidateOutcome {
  success: boolean;
  problems: FarmProblem[];
  /** The one-line summary of a passing plugin. */
  summary?: string;
}

/** One validate task's static verdict (manifest, graph, config, code, policy), for the single and the batch executor alike. */
export function validatePluginProject(
  state: FarmState,
  root: string,
  loaded: LoadedManifest | undefined,
  analysis: PluginCodeAnalysis | undefined,
  options: ValidateExecutorSchema,
): ValidateOutcome {
  const problems = validatePlugin(state, root, {
    runtimes: detectRuntimes(Boolean(loaded?.manifest.pythonVersion)),
    analysis,
  });
  return verdictOf(root, problems, analysis, options);
}

/** The verdict with the runtime gate's problems added (runtimeGate.ts). */
export function withRuntimeProblems(
  root: string,
  outcome: ValidateOutcome,
  runtime: readonly FarmProblem[],
  analysis: PluginCodeAnalysis | undefined,
  options: ValidateExecutorSchema,
): ValidateOutcome {
  return runtime.length ? verdictOf(root, [...outcome.problems, ...runtime], analysis, options) : outcome;
}

function verdictOf(
  root: string,
  problems: FarmProblem[],
  analysis: PluginCodeAnalysis | undefined,
  options: ValidateExecutorSchema,
): ValidateOutcome {
  const success = !hasErrors(problems) && !(options.warningsAsErrors === true && problems.length > 0);
  if (!success) return { success, problems };
  const warnings = problems.length ? ` (${problems.length} warning(s))` : '';
  const analyzed = analysis
    ? `; ${analysis.files.length} source file(s) analyzed, ${analysis.suppressed.length} finding(s) suppressed`
    : '';
  return { success, problems, summary: `${root}/plugin.json: valid${warnings}${analyzed}` };
}
