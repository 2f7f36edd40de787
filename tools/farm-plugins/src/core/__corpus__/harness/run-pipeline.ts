import { posix } from 'node:path';
import type { PythonReport } from '../../analyze';
import { analyzeInMemory } from '../../analyze/testing/analyze-in-memory';
import type { GeneratedFile } from '../../emit/shared';
import type { FarmProblem } from '../../errors';
import { integrateHost } from '../../integrate';
import type { IntegrationPlan } from '../../plan';
import { loadFarmState } from '../../state';
import { validatePlugin } from '../../validate';
import type { TypegenJob } from './emit-config-types-batch';
import { memoryWorkspace } from './memory-workspace';

export interface PipelineResult {
  /** validate (every plugin folder, with code analysis) + integrate (both hosts), deduplicated. */
  problems: FarmProblem[];
  /** integrate's files (when it had no errors). */
  generated: GeneratedFile[];
  /** The loaded manifests, for typegen (run in a batch: see emit-config-types-batch.ts). */
  typegen: TypegenJob[];
  plans: IntegrationPlan[];
  /** Thrown by an emitter that refused a value (never swallowed silently: the spec asserts on it). */
  refused: string[];
}

export const outDirs = { frontend: 'apps/frontend/src/plugins', backend: 'apps/backend/src/plugins' } as const;

/**
 * What `nx run <plugin>:validate`, `nx run <app>:integrate` and `typegen` do, over an in-memory
 * workspace. `python` is the analyzer's report for the workspace's .py files (one process for
 * many workspaces); without it the code analysis is skipped (the fuzz only exercises codegen).
 */
export function runPipeline(
  files: ReadonlyMap<string, string>,
  python?: PythonReport,
  exists?: (file: string) => boolean,
): PipelineResult {
  const state = loadFarmState(memoryWorkspace(files));
  const problems: FarmProblem[] = [];
  const generated: GeneratedFile[] = [];
  const plans: IntegrationPlan[] = [];
  const refused: string[] = [];
  const fileObject = Object.fromEntries(files);
  for (const manifestFile of memoryWorkspace(files).listManifests()) {
    const root = posix.dirname(manifestFile);
    const loaded = state.manifests.find((m) => m.root === root);
    const analysis =
      loaded && python
        ? analyzeInMemory(loaded, fileObject, {
            python: { files: python.files.filter((r) => r.path.startsWith(`${root}/`)) },
          })
        : undefined;
    problems.push(...validatePlugin(state, root, { analysis }));
  }
  for (const host of ['frontend', 'backend'] as const) {
    try {
      const r = integrateHost({
        state,
        host,
        outDir: outDirs[host],
        project: host,
        exists: exists ?? ((f) => files.has(f)),
      });
      problems.push(...r.problems);
      generated.push(...r.files);
      if (r.plan && !r.problems.some((p) => p.severity === 'error')) plans.push(r.plan);
    } catch (error) {
      refused.push(`${host}: ${(error as Error).message}`);
    }
  }
  // As the typegen executor: a manifest whose load reported an error gets no config types.
  const typegen = state.manifests
    .filter((m) => !state.problems.some((p) => p.file === m.file && p.severity === 'error'))
    .map((m) => ({ file: m.file, text: files.get(m.file)! }));
  return { problems: dedupe(problems), generated, plans, refused, typegen };
}

function dedupe(problems: FarmProblem[]): FarmProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.code}|${p.severity}|${p.file}|${p.pointer}|${p.line}|${p.message}`;
    return !seen.has(key) && (seen.add(key), true);
  });
}
