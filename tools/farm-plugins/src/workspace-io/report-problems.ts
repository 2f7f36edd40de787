import { logger } from '@nx/devkit';
import { formatProblems, type FarmProblem } from '../core/errors';

/** Errors to stderr in red, warnings in yellow: the same formatting everywhere. */
export function reportProblems(problems: readonly FarmProblem[]): void {
  const { warnings, errors } = formatBySeverity(problems);
  if (warnings) logger.warn(warnings);
  if (errors) logger.error(errors);
}

/** Warnings and errors formatted apart ('' when there are none): for logs, and for task output. */
export function formatBySeverity(problems: readonly FarmProblem[]): { warnings: string; errors: string } {
  return {
    warnings: formatProblems(problems.filter((p) => p.severity === 'warning')),
    errors: formatProblems(problems.filter((p) => p.severity === 'error')),
  };
}
