import { problem, type FarmProblem } from '../errors';
import { toPointer, type JsonDocument } from '../json';
import type { LoadedManifest } from '../manifest';
import type { InstalledPlugin } from '../workspace';
import type { SecurityViolation } from './types';

/**
 * Violations become located problems. A `securityOverride` with a reason turns the ones it covers
 * into warnings that name it (FARM_E066); its `violations` list, when given, limits what it covers
 * (an entry matches a violation's code, key, or key prefix: `network` covers `network.domain:x`).
 * A blank reason overrides nothing (E067); an override or entry that covers nothing is reported (E068).
 */
export function applyOverride(
  violations: readonly SecurityViolation[],
  loaded: LoadedManifest,
  installed: InstalledPlugin | undefined,
  workspace: { file: string; document?: JsonDocument },
): FarmProblem[] {
  const plugin = loaded.manifest.name;
  const inManifest = (v: SecurityViolation) => ({
    plugin,
    file: loaded.file,
    pointer: v.pointer,
    ...loaded.document.locate(v.pointer),
  });
  const base = toPointer(['plugins', plugin, 'securityOverride']);
  const inWorkspace = (pointer: string) => ({
    plugin,
    file: workspace.file,
    pointer,
    ...workspace.document?.locate(pointer),
  });
  const override = installed?.securityOverride;
  const asErrors = () => violations.map((v) => problem(v.code, v.message, { ...inManifest(v), fix: v.fix }));
  if (!override) return asErrors();
  const reason = override.reason.trim();
  if (!reason)
    return [
      problem(
        'FARM_E067',
        'securityOverride has an empty reason, so it overrides nothing',
        inWorkspace(`${base}/reason`),
      ),
      ...asErrors(),
    ];

  const entries = override.violations;
  const covers = (v: SecurityViolation) => !entries || entries.some((e) => matches(e, v));
  const problems: FarmProblem[] = [];
  for (const v of violations) {
    if (covers(v))
      problems.push(
        problem(
          'FARM_E066',
          `allowed by its securityOverride in ${workspace.file} (reason: "${reason}"): ${v.code} ${v.key}: ${v.message}`,
          { ...inManifest(v), severity: 'warning' },
        ),
      );
    else
      problems.push(
        problem(v.code, v.message, {
          ...inManifest(v),
          fix: `${v.fix}, or list "${v.key}" in its securityOverride.violations`,
        }),
      );
  }
  if (!violations.length)
    problems.push(
      problem('FARM_E068', 'securityOverride is set but the plugin breaks no policy rule', {
        ...inWorkspace(base),
        severity: 'warning',
      }),
    );
  else {
    entries?.forEach((entry, i) => {
      if (!violations.some((v) => matches(entry, v))) {
        problems.push(
          problem(
            'FARM_E068',
            `securityOverride.violations entry "${entry}" matches no violation (found: ${violations.map((v) => v.key).join(', ')})`,
            { ...inWorkspace(`${base}/violations/${i}`), severity: 'warning' },
          ),
        );
      }
    });
  }
  return problems;
}

function matches(entry: string, v: SecurityViolation): boolean {
  const e = entry.trim();
  return e === v.code || e === v.key || v.key.startsWith(`${e}.`) || v.key.startsWith(`${e}:`);
}
