import type { FarmProblem } from '../errors';
import type { LoadedManifest } from '../manifest';
import type { FarmWorkspace } from '../workspace';
import type { IntegrateInput, IntegrateResult } from './integrate-host';

/** What one integrate read, and what it returned. */
interface Recorded {
  manifests: readonly LoadedManifest[];
  workspace: FarmWorkspace | undefined;
  /** Load problems too: a manifest that does not parse is in no other list. */
  problems: readonly FarmProblem[];
  runtimes: string;
  /** Every file whose existence was asked, with the answer; the same for npm packages. */
  exists: Map<string, boolean>;
  packages: Map<string, string | undefined>;
  result: IntegrateResult;
}

/** The last run per host app and output folder: a long-lived process (the dev loop) keeps one each. */
const lastRuns = new Map<string, Recorded>();

/**
 * Runs `integrate` unless the previous run for this host read exactly the same things: the same
 * manifest and workspace objects (reused by loadFarmState only while their files are unchanged)
 * and, asked again now, the same answer for every file and package it looked up. Only what the
 * plan asked is re-asked — ~9 stats per plugin instead of resolving, planning and emitting again.
 */
export function integrateMemoized(
  input: IntegrateInput,
  integrate: (input: IntegrateInput) => IntegrateResult,
): IntegrateResult {
  const key = `${input.host}\0${input.outDir}\0${input.project}`;
  const runtimes = `${input.runtimes?.node}\0${input.runtimes?.python}`;
  const last = lastRuns.get(key);
  if (last && sameReads(last, input, runtimes)) return last.result;

  const exists = new Map<string, boolean>();
  const packages = new Map<string, string | undefined>();
  const result = integrate({
    ...input,
    exists: (file) => {
      const answer = input.exists(file);
      exists.set(file, answer);
      return answer;
    },
    installedPackages:
      input.installedPackages &&
      ((name) => {
        const version = input.installedPackages!(name);
        packages.set(name, version);
        return version;
      }),
  });
  lastRuns.set(key, {
    manifests: input.state.manifests,
    workspace: input.state.workspace,
    problems: input.state.problems,
    runtimes,
    exists,
    packages,
    result,
  });
  return result;
}

function sameReads(last: Recorded, input: IntegrateInput, runtimes: string): boolean {
  const { manifests, workspace, problems } = input.state;
  if (
    workspace !== last.workspace ||
    runtimes !== last.runtimes ||
    !sameItems(manifests, last.manifests) ||
    !sameItems(problems, last.problems)
  )
    return false;
  if (last.packages.size && !input.installedPackages) return false;
  for (const [file, answer] of last.exists) if (input.exists(file) !== answer) return false;
  for (const [name, version] of last.packages) if (input.installedPackages!(name) !== version) return false;
  return true;
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
