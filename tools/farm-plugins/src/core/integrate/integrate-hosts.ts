import { dedupeProblems, hasErrors, type FarmProblem } from '../errors';
import type { HostProject } from '../kinds/host-projects';
import type { FarmState } from '../state';
import { integrateHost, type IntegrateInput, type IntegrateResult } from './integrate-host';

/**
 * What integrate asks of the world besides the state: which files exist, the runtimes (FARM_E027 /
 * E028), the app's installed npm packages (E054) and ajv's kept verdicts. The executor and the dev
 * loop answer from the disk (workspace-io diskIntegrationInputs), the generators from their Tree
 * (generators/lib/tree-integration-inputs.ts): the same questions, so the same checks everywhere.
 */
export type IntegrationInputs = Pick<IntegrateInput, 'exists' | 'runtimes' | 'installedPackages' | 'configVerdicts'>;

export interface HostIntegration {
  host: HostProject;
  result: IntegrateResult;
}

export interface IntegrateHostsResult {
  hosts: HostIntegration[];
  /** Every host's problems, each once (a manifest error hits both hosts). */
  problems: FarmProblem[];
  /** Whether every host integrated without errors (a failing host still lets the others write). */
  ok: boolean;
}

/**
 * The one integrate path (issue 15): state → resolve → plan → emit for each host project, with the
 * same inputs whoever asks — the integrate executor (one host), the dev loop (the affected hosts)
 * and the generators (every host, inside their Tree). Pure; writing is the caller's.
 */
export function integrateHosts(
  state: FarmState,
  hosts: readonly HostProject[],
  inputs: IntegrationInputs,
): IntegrateHostsResult {
  const integrations = hosts.map((host) => ({
    host,
    result: integrateHost({ ...inputs, state, host: host.host, outDir: host.outDir, project: host.project }),
  }));
  const problems = dedupeProblems(integrations.flatMap((i) => i.result.problems));
  return { hosts: integrations, problems, ok: integrations.every((i) => !hasErrors(i.result.problems)) };
}
