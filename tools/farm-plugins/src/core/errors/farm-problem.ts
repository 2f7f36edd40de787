import { errorCatalogue, type FarmErrorCode } from './catalogue';

export type Severity = 'error' | 'warning';

/** One thing wrong, located as precisely as we know it. */
export interface FarmProblem {
  code: FarmErrorCode;
  severity: Severity;
  message: string;
  /** Package name of the plugin at fault, when there is one. */
  plugin?: string;
  /** Workspace-relative file. */
  file?: string;
  /** JSON pointer into `file`. */
  pointer?: string;
  line?: number;
  column?: number;
  /** Overrides the catalogue's generic fix. */
  fix?: string;
  /** Other plugins the problem involves (the rest of a cycle, the other side of a conflict). */
  related?: string[];
}

export function problem(
  code: FarmErrorCode,
  message: string,
  at: Omit<FarmProblem, 'code' | 'message' | 'severity'> & { severity?: Severity } = {},
): FarmProblem {
  return { severity: 'error', ...at, code, message };
}

/**
 * FARM_E021 plugin "@farm/ai-chat" (libs/plugins/ai-chat/plugin.json:12:5 /dependencies/0/version):
 *   needs @farm/auth ^2.0.0 but 1.0.0 is installed.
 *   fix: ...
 */
export function formatProblem(p: FarmProblem): string {
  const where = [p.file && [p.file, p.line, p.column].filter((x) => x !== undefined).join(':'), p.pointer]
    .filter(Boolean)
    .join(' ');
  const subject = p.plugin ? `plugin "${p.plugin}"` : '';
  const head = [p.code, p.severity === 'warning' ? 'warning' : '', subject, where && `(${where})`]
    .filter(Boolean)
    .join(' ');
  return `${head}:\n  ${p.message}\n  fix: ${p.fix ?? errorCatalogue[p.code].fix}`;
}

export function formatProblems(problems: readonly FarmProblem[]): string {
  return problems.map(formatProblem).join('\n');
}

export function hasErrors(problems: readonly FarmProblem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** Thrown by shells (generators, executors) when the core reported errors. */
export class FarmError extends Error {
  /** `note`: one line after the problems, about all of them (where their files really are). */
  constructor(
    readonly problems: readonly FarmProblem[],
    readonly note?: string,
  ) {
    super(note ? `${formatProblems(problems)}\n${note}` : formatProblems(problems));
    this.name = 'FarmError';
  }
}

export function throwIfErrors(problems: readonly FarmProblem[]): void {
  if (hasErrors(problems)) throw new FarmError(problems.filter((p) => p.severity === 'error'));
}

/** The same problem found by two checks (e.g. the full and the selected resolve) is shown once. */
export function dedupeProblems(problems: readonly FarmProblem[]): FarmProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.code}|${p.file}|${p.pointer}|${p.message}`;
    return !seen.has(key) && (seen.add(key), true);
  });
}
