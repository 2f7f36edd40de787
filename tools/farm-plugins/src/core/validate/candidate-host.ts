import { emitAiConfig } from '../emit/ai-config';
import { emitFastapi } from '../emit/fastapi';
import { emitReact } from '../emit/react';
import type { GeneratedFile } from '../emit/shared';
import { hasErrors, type FarmProblem } from '../errors';
import { resolvePluginGraph } from '../graph';
import { buildIntegrationPlan, type IntegrationPlan } from '../plan';
import type { FarmState } from '../state';

/** A host app as validate's runtime gate would see it with some plugins active. */
export interface CandidateHost {
  /** The generated files (workspace-relative paths under `outDir`), as integrate would write them. */
  files: GeneratedFile[];
  plan: IntegrationPlan;
}

/**
 * The generated code of one host app (`backend`: FastAPI wiring and AI config; `frontend`: the
 * React indexes) with exactly `select` and the plugins they depend on active — how validate judges
 * a plugin "as it would be integrated" without the unrelated active plugins, whose files are not
 * among validate's cache inputs (its own folder and its dependencies', `^default`). When the
 * selection does not resolve or plan cleanly, the plugins named by the errors instead (validate
 * reports those problems itself; a runtime judgement of a broken plan would only repeat them). Pure.
 */
export function candidateHost(
  state: FarmState,
  select: readonly string[],
  host: 'backend' | 'frontend',
  outDir: string,
  exists: (file: string) => boolean,
): CandidateHost | { failing: string[] } {
  if (!state.workspace) return { failing: [...select] };
  const resolved = resolvePluginGraph({
    manifests: state.manifests,
    refusedManifests: state.refusedManifests,
    workspace: state.workspace,
    workspaceDocument: state.workspaceDocument,
    select,
  });
  if (hasErrors(resolved.problems)) return { failing: failingPlugins(resolved.problems, select) };
  const parts = host === 'backend' ? (['backend', 'ai'] as const) : (['frontend'] as const);
  const { plan, problems } = buildIntegrationPlan({
    plugins: resolved.order,
    environment: state.workspace.environment,
    exists,
    parts,
  });
  if (hasErrors(problems)) return { failing: failingPlugins(problems, select) };
  const options = { outDir, runCommand: 'nx run-many -t validate' };
  try {
    const files =
      host === 'backend' ? [...emitFastapi(plan, options), ...emitAiConfig(plan, options)] : emitReact(plan, options);
    return { files, plan };
  } catch {
    // A value too deep for generated code: validate reports it (checkValueDepth) at its place.
    return { failing: [...select] };
  }
}

/** The plugins the errors name (all of `select` when an error names none). */
function failingPlugins(problems: readonly FarmProblem[], select: readonly string[]): string[] {
  const named = [...new Set(problems.filter((p) => p.severity === 'error').map((p) => p.plugin))];
  return named.some((n) => n === undefined) ? [...select] : (named as string[]);
}
