import { posix } from 'node:path';
import type { ConfigVerdicts } from '../config';
import { emitAiConfig } from '../emit/ai-config';
import { emitFastapi } from '../emit/fastapi';
import { emitReact } from '../emit/react';
import { LiteralTooDeepError, type GeneratedFile } from '../emit/shared';
import { hasErrors, problem, type FarmProblem } from '../errors';
import { resolvePluginGraph, satisfiesRange, type Runtimes } from '../graph';
import { projectNameOf } from '../manifest';
import { buildIntegrationPlan, type IntegrationPlan, type PlanPart } from '../plan';
import type { FarmState } from '../state';
import { checkValueDepth } from '../validate/check-value-depth';
import { integrateMemoized } from './integrate-memo';
import * as semver from 'semver';

export type HostKind = 'frontend' | 'backend';

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
  const active = Object.entries(state.workspace.plugins).filter(([, p]) => p.active).map(([n]) => n);
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

  const { plan, problems: planProblems } = buildIntegrationPlan({ plugins: resolved.order, environment: state.workspace.environment, exists: input.exists, parts: hostParts[input.host] });
  problems.push(...planProblems);
  if (input.host === 'frontend') problems.push(...checkNpmDependencies(resolved.order, input.installedPackages));
  if (hasErrors(problems)) return { files: [], plan, problems };

  const runCommand = `nx run ${input.project}:integrate`;
  const options = { outDir: input.outDir, runCommand };
  try {
    const files = input.host === 'frontend' ? emitReact(plan, options) : [...emitFastapi(plan, options), ...emitAiConfig(plan, options)];
    return { files, plan, problems };
  } catch (error) {
    // Locating the value costs a walk of every plugin's values: only done once an emitter refused one.
    const tooDeep = error instanceof LiteralTooDeepError ? resolved.order.flatMap((p) => checkValueDepth(p.loaded, state)) : [];
    if (!tooDeep.length) throw error;
    return { files: [], plan, problems: [...problems, ...tooDeep] };
  }
}

function checkNpmDependencies(plugins: ReturnType<typeof resolvePluginGraph>['order'], installed: IntegrateInput['installedPackages']): FarmProblem[] {
  if (!installed) return [];
  const out: FarmProblem[] = [];
  // Each package is looked up once, and a position is located only for a problem: locating parses
  // the manifest's syntax tree, which the happy path must not pay for (docs/performance.md).
  const versions = new Map<string, string | undefined>();
  const versionOf = (name: string) => (versions.has(name) ? versions.get(name) : (versions.set(name, installed(name)), versions.get(name)));
  for (const plugin of plugins) {
    (plugin.loaded.manifest.frontend?.dependencies ?? []).forEach((dep, i) => {
      const version = versionOf(dep.name);
      const pointer = `/frontend/dependencies/${i}`;
      const at = () => ({ severity: 'warning' as const, plugin: plugin.name, file: plugin.loaded.file, pointer, ...plugin.loaded.document.locate(pointer) });
      const wanted = dep.version ? `${dep.name}@${dep.version}` : dep.name;
      if (!version) out.push(problem('FARM_E054', `needs npm package ${wanted}, which the app does not have`, { ...at(), fix: `npm install ${wanted}` }));
      else if (dep.version && semver.validRange(dep.version) && !satisfiesRange(version, dep.version)) {
        out.push(problem('FARM_E054', `needs npm package ${wanted} but ${version} is installed`, { ...at(), fix: `npm install ${wanted}` }));
      }
    });
  }
  return out;
}

/** What each host emits, hence plans: the backend serves the AI wiring. */
const hostParts: Record<HostKind, readonly PlanPart[]> = { frontend: ['frontend'], backend: ['backend', 'ai'] };

export const defaultOutDir = (projectRoot: string) => posix.join(projectRoot, 'src/plugins');
