import type { ConfigVerdicts } from '../config';
import { LiteralTooDeepError, type GeneratedFile } from '../emit/shared';
import { hasErrors, type FarmProblem } from '../errors';
import { resolvePluginGraph, type Runtimes } from '../graph';
import { emitHost } from '../kinds/emit-host';
import type { HostName } from '../kinds/types';
import { projectNameOf } from '../manifest';
import { buildIntegrationPlan, type IntegrationPlan } from '../plan';
import type { FarmState } from '../state';
import { checkValueDepth } from '../validate/check-value-depth';
import { integrateMemoized } from './integrate-memo';

/** A host app's name; the table of hosts is core/kinds/hosts.ts. */
export type HostKind = HostName;

export interface IntegrateInput {
  state: FarmState;
  host: HostKind;
  /** Workspace-relative folder the generated files go to. */
  outDir: string;
  /** Nx project that owns the integrate target, for the "Run:" line in headers. */
  project: string;
  exists: (file: string) => boolean;
  runtimes?: Runtimes;
  /** Versions of npm packages installed for the app, to check plugins' frontend dependencies. */
  installedPackages?: (name: string) => string | undefined;
  /** ajv's earlier verdicts on plugin configs, kept between runs by the shell. */
  configVerdicts?: ConfigVerdicts;
}

export interface IntegrateResult {
  files: GeneratedFile[];
  plan?: IntegrationPlan;
  problems: FarmProblem[];
}

/**
 * state → resolve → plan → emit, for one host app. Pure; nothing is emitted when there are errors.
 * Asked again with the same state objects (a long-lived process: see WorkspaceReader.version) and the
 * same answers from the disk, it returns the previous result instead of planning again.
 */
export function integrateHost(input: IntegrateInput): IntegrateResult {
  return integrateMemoized(input, integrateAfresh);
}

function integrateAfresh(input: IntegrateInput): IntegrateResult {
  const { state } = input;
  if (!state.workspace) return { files: [], problems: state.problems };
  // A broken manifest of an inactive plugin must not stop the app from integrating. Problems of an
  // unparseable manifest carry its folder name, which is the project name.
  const active = Object.entries(state.workspace.plugins)
    .filter(([, p]) => p.active)
    .map(([n]) => n);
  const activeKeys = new Set(active.flatMap((name) => [name, projectNameOf(name)]));
  const problems = state.problems.filter((p) => !p.plugin || activeKeys.has(p.plugin));
  const resolved = resolvePluginGraph({
    manifests: state.manifests,
    refusedManifests: state.refusedManifests,
    workspace: state.workspace,
    workspaceDocument: state.workspaceDocument,
    runtimes: input.runtimes,
    configVerdicts: input.configVerdicts,
  });
  problems.push(...resolved.problems);
  if (hasErrors(problems)) return { files: [], problems };

  const { plan, problems: planProblems } = buildIntegrationPlan({
    plugins: resolved.order,
    environment: state.workspace.environment,
    exists: input.exists,
    host: input.host,
    installedPackages: input.installedPackages,
  });
  problems.push(...planProblems);
  if (hasErrors(problems)) return { files: [], plan, problems };

  const runCommand = `nx run ${input.project}:integrate`;
  const options = { outDir: input.outDir, runCommand };
  try {
    const files = emitHost(input.host, plan, options);
    return { files, plan, problems };
  } catch (error) {
    // Locating the value costs a walk of every plugin's values: only done once an emitter refused one.
    const tooDeep =
      error instanceof LiteralTooDeepError ? resolved.order.flatMap((p) => checkValueDepth(p.loaded, state)) : [];
    if (!tooDeep.length) throw error;
    return { files: [], plan, problems: [...problems, ...tooDeep] };
  }
}
