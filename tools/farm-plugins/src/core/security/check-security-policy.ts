import type { CodeUsage } from '../analyze';
import type { FarmProblem } from '../errors';
import type { JsonDocument } from '../json';
import type { LoadedManifest } from '../manifest';
import { workspaceFile, type InstalledPlugin, type SecurityPolicy } from '../workspace';
import { applyOverride } from './apply-override';
import { checkNeeds } from './check-needs';
import { inferNeeds } from './infer-needs';
import type { SecurityNeed, SecurityViolation } from './types';

export interface SecurityCheckInput {
  /** The plugin's manifest as loadManifest returned it; violations are located in it. */
  loaded: LoadedManifest;
  /** workspace.json `security`. Undefined: nothing is enforced. */
  policy: SecurityPolicy | undefined;
  /** The plugin's workspace.json entry, for its `securityOverride` (undefined: not installed yet). */
  installed?: InstalledPlugin;
  /** What its code uses (`analyzePluginCode(…).usage`). Undefined: only declared and manifest-implied needs. */
  usage?: CodeUsage;
  /** Parsed workspace.json, to locate override problems (line:column). */
  workspaceDocument?: JsonDocument;
}

export interface SecurityCheckResult {
  /** FARM_E060–E065 errors, E066 warnings for overridden violations, E067 / E068 about the override. */
  problems: FarmProblem[];
  needs: SecurityNeed[];
  /** Violations before the override is applied. */
  violations: SecurityViolation[];
}

/**
 * The workspace security policy against what one plugin needs. Pure.
 *
 * Signature: `checkSecurityPolicy({ loaded, policy, installed?, usage?, workspaceDocument? })
 * → { problems, needs, violations }`.
 *
 * Call it with the loaded manifest, `workspace.security`, the plugin's entry in `workspace.plugins`
 * (if any) and the code analysis' `usage`, so hosts, files and drivers the code uses count; refuse
 * to proceed if `hasErrors(result.problems)`:
 * ```ts
 * const { problems } = checkSecurityPolicy({ loaded, policy: workspace.security, installed: workspace.plugins[name], usage: analysis.usage });
 * throwIfErrors(problems);
 * ```
 * The validate executor does, and so do `add`, `update` and `activate` (enforceSecurityPolicy).
 * See docs/security.md for the inferred needs, the violation keys and overrides.
 */
export function checkSecurityPolicy(input: SecurityCheckInput): SecurityCheckResult {
  const needs = inferNeeds(input.loaded.manifest, input.usage);
  const violations = checkNeeds(needs, input.policy, input.loaded.manifest.name);
  const problems = applyOverride(violations, input.loaded, input.installed, {
    file: workspaceFile,
    document: input.workspaceDocument,
  });
  return { problems, needs, violations };
}
