import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { problem, type FarmProblem } from '../core/errors';
import { dependencyNames } from '../core/graph';
import type { LoadedManifest } from '../core/manifest';
import type { IntegrationPlan } from '../core/plan';
import type { FarmState } from '../core/state';
import { candidateHost, normalizeDistribution, undeclaredPythonImports, type CandidateHost, type PythonImportFact } from '../core/validate';
import type { GateReport, GateRequest } from './gate-session';
import { importFailureProblems, urlOwnershipProblems } from './gate-problems';
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

type Ask = (request: GateRequest) => GateReport | Promise<GateReport>;

/**
 * The runtime gate of `validate` (issue 12): each plugin is judged by the real backend as it would
 * be integrated — the generated wiring of the plugin and the plugins it depends on (not the other
 * active ones: their files are not among validate's cache inputs), imported by the backend's
 * Python and FastAPI — and its imports are checked against what that Python can import
 * (FARM_E105). A failure is FARM_E103 at the plugin's file and line or manifest entry, a URL the
 * plugin shares with a dependency or the host FARM_E104.
 *
 * Cost: the plugins of one call are first imported together in one candidate (all pass in one
 * import); only when that fails is each judged alone, in the same request round-trip count of two.
 * `ask` is one gate process's answer (GateSession.ask for a batch, askGateOnce otherwise). Returns
 * each plugin's problems by its root.
 */
export async function judgePluginsAtRuntime(state: FarmState, plugins: readonly PluginAtGate[], backend: BackendHost, workspaceRoot: string, ask: Ask): Promise<Map<string, FarmProblem[]>> {
  const found = new Map<string, FarmProblem[]>(plugins.map((p) => [p.loaded.root, []]));
  if (!plugins.length || !existsSync(join(workspaceRoot, backend.root, 'src/main.py'))) return found;
  const scratch = mkdtempSync(join(tmpdir(), 'farm-validate-gate-'));
  try {
    const exists = (file: string) => existsSync(join(workspaceRoot, file));
    const byName = new Map(state.manifests.map((m) => [m.manifest.name, m]));
    const closures = new Map(plugins.map((p) => [p.loaded.root, closureOf(p.loaded, byName)]));
    const modules = [...new Set(plugins.flatMap((p) => p.imports.map((i) => i.module.split('.')[0])))].sort();

    // First all together: one import answers for every plugin when nothing is wrong.
    const together = candidateHost(state, plugins.map((p) => p.loaded.manifest.name), 'backend', backend.outDir, exists);
    let report: GateReport | undefined;
    let alone = plugins;
    if (together) {
      report = await ask({ candidates: [stage(scratch, 'together', backend, together)], modules });
      const outcome = report.candidates.together;
      if (outcome?.ok) {
        for (const p of plugins) found.get(p.loaded.root)!.push(...ownership(outcome.routes, together.plan, p.loaded.manifest.name, closures.get(p.loaded.root)!));
        alone = [];
      }
    }
    if (alone.length) {
      // Something failed together (or the plugins cannot be active together): each on its own.
      const candidates = new Map<string, CandidateHost>();
      for (const [i, p] of alone.entries()) {
        const candidate = candidateHost(state, [p.loaded.manifest.name], 'backend', backend.outDir, exists);
        if (candidate) candidates.set(`plugin-${i}`, candidate);
      }
      const asked = await ask({ candidates: [...candidates].map(([id, c]) => stage(scratch, id, backend, c)), modules });
      report ??= asked;
      report = { ...asked, modules: { ...report.modules, ...asked.modules } };
      for (const [i, p] of alone.entries()) {
        const candidate = candidates.get(`plugin-${i}`);
        const outcome = asked.candidates[`plugin-${i}`];
        if (!candidate || !outcome) continue;
        const name = p.loaded.manifest.name;
        if (outcome.ok) found.get(p.loaded.root)!.push(...ownership(outcome.routes, candidate.plan, name, closures.get(p.loaded.root)!));
        else found.get(p.loaded.root)!.push(...failureProblems(outcome, candidate, p.loaded, byName, report, [join(scratch, `plugin-${i}`), workspaceRoot]));
      }
    }
    const distributions = new Set(report?.distributions ?? []);
    for (const p of plugins) {
      const importable = (top: string) => report?.modules[top];
      const own = found.get(p.loaded.root)!;
      // A module-level import the real import already failed on is that error, not a second one.
      const failedAt = new Set(own.filter((f) => f.code === 'FARM_E103' && f.line !== undefined).map((f) => `${f.file}:${f.line}`));
      own.push(...undeclaredPythonImports(p.loaded, p.imports, { importable, distributions }).filter((f) => !failedAt.has(`${f.file}:${f.line}`)));
    }
    return found;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The plugin and every plugin it depends on (present in the workspace), by name. */
function closureOf(loaded: LoadedManifest, byName: ReadonlyMap<string, LoadedManifest>): Set<string> {
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
function stage(scratch: string, id: string, backend: BackendHost, candidate: CandidateHost): { id: string; path: string } {
  const src = join(scratch, id, backend.root, 'src');
  for (const file of candidate.files) {
    const target = join(scratch, id, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.contents);
  }
  return { id, path: src };
}

/** `name`'s URL clashes among the routes of its own closure and the host (other plugins' routes are not its candidate's). */
function ownership(routes: readonly GateRoute[], plan: IntegrationPlan, name: string, closure: ReadonlySet<string>): FarmProblem[] {
  const outside = new Set(plan.plugins.filter((p) => !closure.has(p.name)).map((p) => p.pythonAlias));
  const outsideEndpoints = new Set(plan.ai.endpoints.filter((e) => !closure.has(e.plugin)).map((e) => `ai:${e.name}`));
  const own = routes.filter((r) => {
    const [top, alias] = (r.module ?? '').split('.');
    return !(top === 'farm_plugins' && outside.has(alias)) && !(r.name !== null && outsideEndpoints.has(r.name));
  });
  return urlOwnershipProblems(own, plan).filter((p) => p.plugin === name);
}

/**
 * A candidate that did not import, as FARM_E103. One exception: a plugin whose declared PyPI
 * dependencies are not installed yet (a folder validated before `add`) fails on the missing module
 * — that is a warning saying so, since `add` installs them before its own gate runs.
 */
function failureProblems(outcome: Exclude<GateOutcome, { ok: true }>, candidate: CandidateHost, loaded: LoadedManifest, byName: ReadonlyMap<string, LoadedManifest>, report: GateReport, roots: string[]): FarmProblem[] {
  const generated = new Map(candidate.files.map((f) => [f.path, f.contents]));
  const problems = importFailureProblems(outcome, candidate.plan, generated, roots);
  if ('crashed' in outcome || outcome.error.type !== 'ModuleNotFoundError') return problems;
  const installed = new Set(report.distributions);
  const notInstalled = candidate.plan.plugins.flatMap((p) => (byName.get(p.name)?.manifest.backend?.dependencies ?? []).filter((d) => !installed.has(normalizeDistribution(d.name))).map((d) => `${d.name} (${p.name})`));
  if (!notInstalled.length) return problems;
  return problems.map((p) =>
    problem(p.code, `${p.message} — not judged yet: declared PyPI dependencies are not installed in .venv: ${notInstalled.join(', ')}`, {
      ...p,
      severity: 'warning',
      fix: `install the plugin (nx g @farm/plugins:add ${loaded.root}): add installs its dependencies before it imports the backend`,
    }),
  );
}
