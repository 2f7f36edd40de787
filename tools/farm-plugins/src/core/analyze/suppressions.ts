import { problem, type FarmProblem } from '../errors';
import { isRuleId, ruleIds } from './rules';
import type { RawFinding, SourceComment } from './types';

interface Suppression {
  file: string;
  line: number;
  rule: string;
  reason: string;
  used: boolean;
}

const marker = /^\s*farm-allow\b\s*([^\s:]*)\s*(?::(.*))?$/s;

/**
 * `// farm-allow <rule>: <reason>` (or `# …`) on a finding's line or the line before silences that
 * one finding. A suppression without a reason, naming an unknown rule, or matching nothing
 * silences nothing and is reported (FARM_E078), so stale or careless ones do not pile up.
 */
export function applySuppressions(
  findings: readonly RawFinding[],
  comments: ReadonlyMap<string, readonly SourceComment[]>,
  plugin: string,
): { kept: RawFinding[]; suppressed: (RawFinding & { reason: string })[]; problems: FarmProblem[] } {
  const problems: FarmProblem[] = [];
  const byFile = new Map<string, Suppression[]>();
  for (const [file, list] of [...comments].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (const comment of list) {
      const m = marker.exec(comment.text.replace(/\*\/\s*$/, ''));
      if (!m) continue;
      const at = { plugin, file, line: comment.line, severity: 'warning' as const };
      const [, rule = '', rawReason] = m;
      const reason = (rawReason ?? '').trim();
      if (!isRuleId(rule)) {
        problems.push(problem('FARM_E078', `"farm-allow ${rule}" names no rule (rules: ${ruleIds.join(', ')})`, at));
      } else if (!reason) {
        problems.push(
          problem('FARM_E078', `"farm-allow ${rule}" has no reason, so it silences nothing`, {
            ...at,
            fix: `write it as "farm-allow ${rule}: <why this is safe>"`,
          }),
        );
      } else {
        (byFile.get(file) ?? byFile.set(file, []).get(file)!).push({
          file,
          line: comment.line,
          rule,
          reason,
          used: false,
        });
      }
    }
  }
  const kept: RawFinding[] = [];
  const suppressed: (RawFinding & { reason: string })[] = [];
  for (const finding of [...findings].sort(byPosition)) {
    const match = (byFile.get(finding.file) ?? []).find(
      (s) => !s.used && s.rule === finding.rule && (s.line === finding.line || s.line === finding.line - 1),
    );
    if (match) {
      match.used = true;
      suppressed.push({ ...finding, reason: match.reason });
    } else kept.push(finding);
  }
  for (const list of byFile.values()) {
    for (const s of list.filter((x) => !x.used)) {
      problems.push(
        problem('FARM_E078', `"farm-allow ${s.rule}" matches no ${s.rule} finding on this line or the next`, {
          plugin,
          file: s.file,
          line: s.line,
          severity: 'warning',
          fix: 'remove the stale suppression',
        }),
      );
    }
  }
  return { kept, suppressed, problems };
}

export function byPosition(
  a: { file: string; line: number; column: number },
  b: { file: string; line: number; column: number },
): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column;
}
