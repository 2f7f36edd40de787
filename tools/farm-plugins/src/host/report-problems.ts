import { logger } from '@nx/devkit';
import { formatProblems, type FarmProblem } from '../core/errors';

/** Errors to stderr in red, warnings in yellow: the same formatting everywhere. */
export function reportProblems(problems: readonly FarmProblem[]): void {
  const errors = problems.filter((p) => p.severity === 'error');
  const warnings = problems.filter((p) => p.severity === 'warning');
  if (warnings.length) logger.warn(formatProblems(warnings));
  if (errors.length) logger.error(formatProblems(errors));
}
