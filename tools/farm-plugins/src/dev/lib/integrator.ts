import { formatProblems, type FarmProblem } from '../../core/errors';
import { hostTable } from '../../core/kinds';
import type { HostKind } from './affected-hosts';
import type { HostProject } from './host-projects';
import { integrateInProcess, integrateWithNx, type IntegrateOutcome } from './integrate-hosts';
import { formatMs, type DevLog } from './log';

/** Runs the dev loop's integrations, one at a time, and remembers which hosts are failing. */
export interface Integrator {
  /** Integrates `targets` and reports the outcome; true when every target integrated. */
  run(targets: readonly HostProject[], why: string): Promise<boolean>;
  /**
   * The hosts whose last integrate failed (their last good generated code is still being served).
   * The loop re-integrates them on any change of the sources until they succeed: the fix may be
   * in a plugin file the wiring does not change with (a type error in a component, a router that
   * raises at import), so waiting for a manifest change would never retry.
   */
  failing(): ReadonlySet<HostKind>;
}

export interface IntegratorOptions {
  workspaceRoot: string;
  /** `in-process` calls the integrate core; `nx` runs `nx run-many -t integrate`. */
  integrate: 'in-process' | 'nx';
  log: DevLog;
}

/** Serial integration runs with readable outcomes; warnings are shown once per session. */
export function createIntegrator(options: IntegratorOptions, hosts: readonly HostProject[]): Integrator {
  const { log, workspaceRoot } = options;
  const shownWarnings = new Set<string>();
  const failing = new Set<HostKind>();
  const integrate = (targets: readonly HostProject[]): Promise<IntegrateOutcome> =>
    options.integrate === 'nx'
      ? integrateWithNx(workspaceRoot, targets, (line) => line.trim() && log.server('nx', line, 'stdout'))
      : integrateInProcess(workspaceRoot, targets);
  return {
    failing: () => failing,
    async run(targets, why) {
      const names = targets.map((t) => t.project).join(', ');
      log.info(`${why} → integrate ${names}`);
      const t0 = performance.now();
      let outcome: IntegrateOutcome;
      try {
        outcome = await integrate(targets);
      } catch (error) {
        outcome = {
          ok: false,
          written: [],
          problems: [],
          failed: targets.map((t) => t.project),
          output: (error as Error).stack,
        };
        log.error(String((error as Error).stack ?? error));
      }
      const ms = formatMs(performance.now() - t0);
      reportProblems(outcome.problems, log, shownWarnings);
      const wasFailing = targets.some((t) => failing.has(t.host));
      for (const target of targets) {
        if (outcome.failed.includes(target.project)) failing.add(target.host);
        else failing.delete(target.host);
      }
      if (!outcome.ok) {
        log.error(failureMessage(outcome, targets, hosts, ms));
        return false;
      }
      const recovered = wasFailing ? 'recovered — ' : '';
      if (!outcome.written.length) log.ok(`${recovered}integrated ${names} in ${ms}: generated code unchanged`);
      else
        log.ok(
          `${recovered}integrated ${names} in ${ms}: wrote ${outcome.written.join(', ')}${pickUp(outcome.written, hosts)}`,
        );
      return true;
    },
  };
}

/** Says what happened to each host: one may have failed while the other wrote new code. */
function failureMessage(
  outcome: IntegrateOutcome,
  targets: readonly HostProject[],
  hosts: readonly HostProject[],
  ms: string,
): string {
  const failed = outcome.failed.join(', ');
  const healthy = targets
    .filter((t) => !outcome.failed.includes(t.project))
    .map((t) => t.project)
    .join(', ');
  const others = !healthy
    ? ''
    : outcome.written.length
      ? `; integrated ${healthy}: wrote ${outcome.written.join(', ')}${pickUp(outcome.written, hosts)}`
      : `; integrated ${healthy}: generated code unchanged`;
  return (
    `integrate ${failed} failed after ${ms}: kept the last good generated code of ${failed}${others}; both servers keep running.\n` +
    `  Fix the problem above and save: until ${failed} integrates, any save under libs/plugins or of workspace.json retries it.`
  );
}

function reportProblems(problems: readonly FarmProblem[], log: DevLog, shownWarnings: Set<string>): void {
  const errors = problems.filter((p) => p.severity === 'error');
  const warnings = problems.filter((p) => p.severity === 'warning' && !shownWarnings.has(JSON.stringify(p)));
  warnings.forEach((w) => shownWarnings.add(JSON.stringify(w)));
  if (warnings.length) log.warn(formatProblems(warnings));
  if (errors.length) log.error(formatProblems(errors));
}

/** Which server picks the new code up, so the person knows what to expect. */
function pickUp(written: readonly string[], hosts: readonly HostProject[]): string {
  const notes = hosts
    .filter((h) => written.some((file) => file.startsWith(h.outDir + '/')))
    .map((h) => hostTable[h.host].reloads);
  return notes.length ? ` — ${notes.join(', ')}` : '';
}
