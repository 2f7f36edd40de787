import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { problem, type FarmProblem } from '../core/errors';
import { dependencyNames } from '../core/graph';
import type { LoadedManifest } from '../core/manifest';
import type { IntegrationPlan } from '../core/plan';
import type { FarmState } from '../core/state';
import {
  candidateHost,
  normalizeDistribution,
  undeclaredPluginImports,
  undeclaredPythonImports,
  type CandidateHost,
  type PythonImportFact,
} from '../core/validate';
import { makeScratchFolder } from '../workspace-io/scratch-folder';
import type { GateReport, GateRequest } from './gate-session';
import { endpointCallProblems, importFailureProblems, urlOwnershipProblems } from './gate-problems';
import {
  appChangeProblems,
  frameworkPatchProblems,
  moduleChangeProblems,
  slowStartupProblems,
  routerChangeProblems,
  startupFailureProblems,
} from './plugin-effects';
import type { GateOutcome, GateRoute } from './run-backend-gate';

/** The backend host app: its Nx project root and where integrate writes (`<root>/src/plugins`). */
export interface BackendHost {
  root: string;
  outDir: string;
}

/** A plugin validate judges, with the absolute imports its Python files make (the analysis'). */
export interface PluginAtGate {
  loaded: LoadedManifest;
  imports: readonly PythonImportFact[];
}

/** One request to a gate process; `timeoutMs` grows with the plugins it imports. */
export type GateAsk = (request: GateRequest, timeoutMs: number) => GateReport | Promise<GateReport>;

/** A minute, and half a second for each plugin imported (~0.02–0.1 s each here, more on a loaded machine). */
const timeoutFor = (plugins: number) => 60_000 + 500 * plugins;

/** Plugins judged together first, then in groups of this size, then alone (only where a group failed). */
const groupSize = 25;

/**
 * The runtime gate of `validate` (issue 12): each plugin is judged by the real backend as it would
 * be integrated — the generated wiring of the plugin and the plugins it depends on (not the other
 * active ones: their files are not among validate's cache inputs), imported by the backend's
 * Python and FastAPI. A failure is FARM_E103 at the plugin's file and line or manifest entry, a URL
 * the plugin shares with a dependency or the host FARM_E104, a router of another plugin its code
 * changed while imported or at startup FARM_E144 (plugin-effects.ts).
 *
 * Cost: all the plugins are first imported together in one candidate, so each plugin's routers are
 * built once (FastAPI's route building is most of the cost: ~20–40 ms a plugin); only a candidate
 * that fails is split, into groups of 25, then single plugins — three requests at most. `ask` is
 * one gate process's answer (GateSession.ask for a batch, askGateOnce otherwise). Returns each
 * plugin's problems by its root.
 */
export async function judgePluginsAtRuntime(
  state: FarmState,
  plugins: readonly LoadedManifest[],
  backend: BackendHost,
  workspaceRoot: string,
  ask: GateAsk,
): Promise<Map<string, FarmProblem[]>> {
  const found = new Map<string, FarmProblem[]>(plugins.map((p) => [p.root, []]));
  if (!plugins.length || !existsSync(join(workspaceRoot, backend.root, 'src/main.py'))) return found;
  const scratchFolder = makeScratchFolder('validate-gate');
  const scratch = scratchFolder.path;
  try {
    const exists = (file: string) => existsSync(join(workspaceRoot, file));
    const byName = new Map(state.manifests.map((m) => [m.manifest.name, m]));
    const closures = new Map(plugins.map((p) => [p.root, closureOf(p, byName)]));
    // Monkeypatching what a plugin depends on, directly or not, is how it extends it.
    const declares = (plugin: string, other: string) => {
      const found = byName.get(plugin);
      return found !== undefined && closures.get(found.root)?.has(other) === true;
    };
    let distributions: string[] = [];
    let pending: LoadedManifest[][] = [[...plugins]];
    for (let round = 0; pending.length; round++) {
      const failed: LoadedManifest[][] = [];
      const candidates = pending.map((group) => {
        const { candidate, together, retry } = plannable(
          group,
          (names) => candidateHost(state, names, 'backend', backend.outDir, exists),
          closures,
        );
        failed.push(...retry.map((p) => [p]));
        return { group: together, candidate };
      });
      const staged = candidates.flatMap(({ candidate }, i) =>
        candidate ? [stage(scratch, `r${round}-${i}`, backend, candidate)] : [],
      );
      const imported = candidates.reduce((sum, { candidate }) => sum + (candidate?.plan.plugins.length ?? 0), 0);
      const report = staged.length ? await ask({ candidates: staged, modules: [] }, timeoutFor(imported)) : undefined;
      distributions = report?.distributions ?? distributions;
      for (const [i, { group, candidate }] of candidates.entries()) {
        const id = `r${round}-${i}`;
        // (a report without candidates: not the gate's own, whatever wrote it — judged as none)
        const outcome = report?.candidates?.[id];
        if (candidate && outcome?.ok) {
          const calls = endpointCallProblems(outcome.endpoints, candidate.plan);
          // Another plugin's router changed by a plugin of the group (a change no plugin's code
          // was seen making is not laid on any of them: each one is judged here, none is "the change").
          const everyone = new Set(candidate.plan.plugins.map((p) => p.name));
          const roots = [join(scratch, id), workspaceRoot];
          const changes = [
            ...routerChangeProblems(outcome.plugins?.routers ?? [], candidate.plan, everyone, roots),
            ...appChangeProblems(outcome.plugins?.app ?? [], candidate.plan, roots),
            ...frameworkPatchProblems(outcome.plugins?.frameworks ?? [], candidate.plan, roots),
            ...moduleChangeProblems(outcome.plugins?.modules ?? [], candidate.plan, declares, roots),
            ...startupFailureProblems(outcome.plugins?.failed ?? [], candidate.plan, roots),
            ...slowStartupProblems(outcome.plugins?.slow ?? [], candidate.plan, everyone, roots),
          ];
          for (const p of group)
            found
              .get(p.root)!
              .push(
                ...ownership(outcome.routes, candidate.plan, p.manifest.name, closures.get(p.root)!),
                ...calls.filter((c) => c.plugin === p.manifest.name),
                ...changes.filter((c) => c.plugin === p.manifest.name),
              );
        } else if (group.length > 1) {
          // Something in the group fails (or its plugins cannot be active together): smaller groups.
          const size = group.length > groupSize ? groupSize : 1;
          for (let k = 0; k < group.length; k += size) failed.push(group.slice(k, k + size));
        } else if (candidate && outcome && !outcome.ok && group[0]) {
          found
            .get(group[0].root)!
            .push(
              ...failureProblems(outcome, candidate, group[0], byName, new Set(distributions), [
                join(scratch, id),
                workspaceRoot,
              ]),
            );
        }
      }
      pending = failed;
    }
    return found;
  } finally {
    scratchFolder.remove();
  }
}

/**
 * FARM_E105 for each plugin's imports (undeclaredPythonImports), with what the backend's Python can
 * import asked in one request, and FARM_E145 for its imports of plugins it does not declare
 * (undeclaredPluginImports). An import on a line the runtime gate already failed on (`earlier`)
 * is that error, not a second one.
 */
export async function undeclaredImportProblems(
  plugins: readonly PluginAtGate[],
  earlier: ReadonlyMap<string, readonly FarmProblem[]>,
  ask: GateAsk,
): Promise<Map<string, FarmProblem[]>> {
  const modules = [...new Set(plugins.flatMap((p) => p.imports.map((i) => i.module.split('.')[0]!)))].sort(); // split gives at least one part
  const report = await ask({ candidates: [], modules }, timeoutFor(0));
  const distributions = new Set(report.distributions);
  return new Map(
    plugins.map((p) => {
      const failedAt = new Set(
        (earlier.get(p.loaded.root) ?? [])
          .filter((f) => f.code === 'FARM_E103' && f.line !== undefined)
          .map((f) => `${f.file}:${f.line}`),
      );
      const problems = undeclaredPythonImports(p.loaded, p.imports, {
        importable: (top) => report.modules[top],
        distributions,
      });
      // An undeclared plugin import fails the gate's import too ("No module named farm_plugins.x"):
      // E145 says why, so it is kept beside that E103.
      return [
        p.loaded.root,
        [
          ...problems.filter((f) => !failedAt.has(`${f.file}:${f.line}`)),
          ...undeclaredPluginImports(p.loaded, p.imports),
        ],
      ];
    }),
  );
}

/**
 * The group as one candidate, without the plugins that do not plan with it (a missing file, a
 * conflict: validate reports those) and those depending on them, which are judged alone next
 * (`retry`). So one broken plugin does not cost the others a split.
 */
export function plannable(
  group: LoadedManifest[],
  plan: (names: string[]) => CandidateHost | { failing: string[] },
  closures: ReadonlyMap<string, ReadonlySet<string>>,
): { together: LoadedManifest[]; candidate: CandidateHost | undefined; retry: LoadedManifest[] } {
  const retry: LoadedManifest[] = [];
  let rest = group;
  for (let attempt = 0; attempt < 3; attempt++) {
    const candidate = plan(rest.map((p) => p.manifest.name));
    if ('files' in candidate) return { together: rest, candidate, retry };
    const failing = new Set(candidate.failing);
    const out = rest.filter((p) => [...closures.get(p.root)!].some((name) => failing.has(name)));
    if (rest.length === 1 || !out.length || out.length === rest.length) break;
    retry.push(...out);
    rest = rest.filter((p) => !out.includes(p));
  }
  // Still not plannable together: the caller splits the group (a single plugin: left to the static checks).
  return { together: rest, candidate: undefined, retry };
}

/** The plugin and every plugin it depends on (present in the workspace), by name. */
export function closureOf(loaded: LoadedManifest, byName: ReadonlyMap<string, LoadedManifest>): Set<string> {
  const closure = new Set<string>();
  const queue = [loaded.manifest.name];
  while (queue.length) {
    const next = queue.pop()!;
    if (closure.has(next)) continue;
    closure.add(next);
    const found = byName.get(next);
    if (found) queue.push(...dependencyNames(found));
  }
  return closure;
}

/** Writes a candidate's generated package under `<scratch>/<id>/<backend>/src`; that folder goes first on sys.path. */
function stage(
  scratch: string,
  id: string,
  backend: BackendHost,
  candidate: CandidateHost,
): { id: string; path: string } {
  const src = join(scratch, id, backend.root, 'src');
  for (const file of candidate.files) {
    const target = join(scratch, id, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.contents);
  }
  return { id, path: src };
}

/** `name`'s URL clashes among the routes of its own closure and the host (other plugins' routes are not its candidate's). */
function ownership(
  routes: readonly GateRoute[],
  plan: IntegrationPlan,
  name: string,
  closure: ReadonlySet<string>,
): FarmProblem[] {
  const outside = new Set(plan.plugins.filter((p) => !closure.has(p.name)).map((p) => p.pythonAlias));
  const outsideEndpoints = new Set(plan.ai.endpoints.filter((e) => !closure.has(e.plugin)).map((e) => `ai:${e.name}`));
  const own = routes.filter((r) => {
    const [top, alias] = (r.module ?? '').split('.');
    return (
      !(top === 'farm_plugins' && alias !== undefined && outside.has(alias)) &&
      !(r.name !== null && outsideEndpoints.has(r.name))
    );
  });
  return urlOwnershipProblems(own, plan).filter((p) => p.plugin === name);
}

/**
 * A candidate that did not import, as FARM_E103. One exception: a plugin whose declared PyPI
 * dependencies are not installed yet (a folder validated before `add`) fails on the missing module
 * — that is a warning saying so, since `add` installs them before its own gate runs.
 */
function failureProblems(
  outcome: Exclude<GateOutcome, { ok: true }>,
  candidate: CandidateHost,
  loaded: LoadedManifest,
  byName: ReadonlyMap<string, LoadedManifest>,
  installed: ReadonlySet<string>,
  roots: string[],
): FarmProblem[] {
  const generated = new Map(candidate.files.map((f) => [f.path, f.contents]));
  const problems = importFailureProblems(outcome, candidate.plan, generated, roots);
  if ('crashed' in outcome || outcome.error.type !== 'ModuleNotFoundError') return problems;
  const notInstalled = candidate.plan.plugins.flatMap((p) =>
    (byName.get(p.name)?.manifest.backend?.dependencies ?? [])
      .filter((d) => !installed.has(normalizeDistribution(d.name)))
      .map((d) => `${d.name} (${p.name})`),
  );
  if (!notInstalled.length) return problems;
  return problems.map((p) =>
    problem(
      p.code,
      `${p.message} — not judged yet: declared PyPI dependencies are not installed in .venv: ${notInstalled.join(', ')}`,
      {
        ...p,
        severity: 'warning',
        fix: `install the plugin (nx g @farm/plugins:add ${loaded.root}): add installs its dependencies before it imports the backend`,
      },
    ),
  );
}
