import { problem, type FarmErrorCode, type FarmProblem } from '../errors';
import type { RawFinding, RuleId } from './types';

/** Each rule's stable error code. Every finding is an error until a reasoned suppression silences it. */
export const ruleCodes: Record<RuleId, FarmErrorCode> = {
  eval: 'FARM_E070',
  'dynamic-import': 'FARM_E071',
  'process-spawn': 'FARM_E072',
  'unsafe-deserialization': 'FARM_E073',
  'raw-socket': 'FARM_E074',
  'fs-outside-plugin': 'FARM_E075',
  'network-host': 'FARM_E076',
  'undeclared-env': 'FARM_E077',
  introspection: 'FARM_E147',
};

export const ruleIds = Object.keys(ruleCodes) as RuleId[];

export function isRuleId(value: string): value is RuleId {
  return Object.prototype.hasOwnProperty.call(ruleCodes, value);
}

/** A finding as a located problem; the fix tells how to silence it when it is intended. */
export function findingToProblem(finding: RawFinding, plugin: string, fix?: string): FarmProblem {
  return problem(ruleCodes[finding.rule], `[${finding.rule}] ${finding.message}`, {
    plugin,
    file: finding.file,
    line: finding.line,
    column: finding.column,
    ...(fix ? { fix } : {}),
  });
}
