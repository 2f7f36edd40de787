import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { join, posix } from 'node:path';
import type { FarmProblem } from '../core/errors';
import type { LoadedManifest } from '../core/manifest';
import type { FarmState } from '../core/state';
import { candidateHost } from '../core/validate';
import { typecheckNeighbours } from './check-frontend-types';
import { diskFileView } from './asset-file-view';
import { frontendAssetProblems } from './frontend-assets';
import { frontendTypeProblems } from './frontend-typecheck';
import { stageNpmPackages } from './stage-npm-packages';
import { closureOf, plannable } from './validate-backend';

/** The frontend host app: its Nx project root and where integrate writes. */
export interface FrontendHost {
  root: string;
  outDir: string;
}

/**
 * The TypeScript half of validate's runtime gate: each plugin's generated index lines and the files
 * they reach, with the plugins it depends on, type-checked as the frontend app's tsconfig checks
 * them (frontendTypeProblems). Errors count for the plugin whose file or entry they are in: a
 * dependency's own errors are its own validate's. All the plugins are checked in one program
 * (one parse of the libraries and of each plugin's files), with the global declarations of the
 * workspace's other plugins and of the app when theirs declare globals (frontendTypeProblems'
 * `neighbours`); those that do not plan with the others
 * (validate reports why) each in their own, which reuses the first's files. The npm packages a
 * program's plugins declare and the workspace has not installed are staged first
 * (stageNpmPackages, one npm run for the group), so imports of them are judged against their real
 * types; one npm cannot install is the declaring plugin's problem (FARM_E090–E096/E116, E102, E003), and that
 * plugin is not type-checked further. First, what Vite's build needs that TypeScript does not
 * check (frontendAssetProblems: FARM_E138–E140), from the disk. Returns problems by plugin root.
 */
export async function judgeFrontendTypes(
  state: FarmState,
  plugins: readonly LoadedManifest[],
  frontend: FrontendHost,
  workspaceRoot: string,
): Promise<Map<string, FarmProblem[]>> {
  const found = new Map<string, FarmProblem[]>(plugins.map((p) => [p.root, []]));
  // What Vite's build needs that the type check does not see: imported assets, stylesheets.
  const rootOfPlugin = new Map(plugins.map((p) => [p.manifest.name, p.root]));
  for (const problem of await frontendAssetProblems(diskFileView(workspaceRoot), plugins, frontend.root))
    found.get(rootOfPlugin.get(problem.plugin!)!)?.push(problem);
  const tsconfig = posix.join(frontend.root, 'tsconfig.json');
  if (!plugins.length || !existsSync(join(workspaceRoot, tsconfig))) return found;
  const exists = (file: string) => existsSync(join(workspaceRoot, file));
  const byName = new Map(state.manifests.map((m) => [m.manifest.name, m]));
  const rootOf = new Map(plugins.map((p) => [p.manifest.name, p.root]));
  const closures = new Map(plugins.map((p) => [p.root, closureOf(p, byName)]));
  const plan = (names: string[]) => candidateHost(state, names, 'frontend', frontend.outDir, exists);
  const { together, candidate, retry } = plannable([...plugins], plan, closures);
  const groups = [
    ...(candidate ? [{ group: together, candidate }] : together.map((p) => ({ group: [p], candidate: undefined }))),
    ...retry.map((p) => ({ group: [p], candidate: undefined })),
  ];
  for (const { group, candidate: planned } of groups) {
    const checked = planned ?? plan(group.map((p) => p.manifest.name)); // a group without a candidate is one plugin
    if (!('files' in checked)) continue;
    const judged = new Set(group.map((p) => p.manifest.name));
    const inProgram = new Set([...judged, ...(checked.plan?.plugins ?? []).map((p) => p.name)]);
    const staged = await stageNpmPackages(
      workspaceRoot,
      [...inProgram].flatMap((name) => byName.get(name) ?? []),
    );
    // A dependency's package npm cannot have is that dependency's own validate's problem.
    const stagingProblems = staged.problems.filter((p) => p.plugin !== undefined && judged.has(p.plugin));
    const unstaged = new Set(stagingProblems.map((p) => p.plugin));
    const typeProblems = frontendTypeProblems({
      workspaceRoot,
      tsconfig,
      files: checked.files,
      plan: checked.plan,
      judged: (name) => judged.has(name) && !unstaged.has(name),
      include: group.map((p) => ({ name: p.manifest.name, root: p.root })),
      neighbours: typecheckNeighbours(state, judged, frontend.root),
      npmPackages: staged.packages,
    });
    for (const problem of [...stagingProblems, ...typeProblems]) {
      const root = problem.plugin === undefined ? undefined : rootOf.get(problem.plugin);
      if (root !== undefined) found.get(root)!.push(problem);
    }
  }
  return found;
}

/**
 * judgeFrontendTypes on a worker thread: validate's batch starts it with the analysis, so the type
 * check (a TypeScript program over every plugin's frontend: seconds at 1,000 plugins) runs on the
 * other core with a heap of its own. The worker reads the workspace again (FarmState does not
 * cross threads). Runs from the TypeScript sources here (registering @swc-node/register, as Nx
 * does for this plugin) or from compiled JavaScript.
 */
export function judgeFrontendTypesInWorker(
  workspaceRoot: string,
  roots: readonly string[],
  frontend: FrontendHost,
): Promise<Map<string, FarmProblem[]>> {
  const fromSources = __filename.endsWith('.ts');
  const entry = join(__dirname, `frontend-types-worker${fromSources ? '.ts' : '.js'}`);
  const register = fromSources ? `require(${JSON.stringify(require.resolve('@swc-node/register'))});` : '';
  const worker = new Worker(`${register}require(${JSON.stringify(entry)});`, {
    eval: true,
    workerData: { workspaceRoot, roots: [...roots], frontend },
  });
  return new Promise((resolvePromise, reject) => {
    worker.once('message', (found: [string, FarmProblem[]][]) => resolvePromise(new Map(found)));
    worker.once('error', reject);
    worker.once(
      'exit',
      (code) => code !== 0 && reject(new Error(`the frontend type-check worker exited with code ${code}`)),
    );
  });
}
