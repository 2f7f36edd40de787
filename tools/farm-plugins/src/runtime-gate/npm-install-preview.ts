import type { FarmProblem } from '../core/errors';
import { npmInstallProblems, type DeclaredNpmPackage } from './npm-install-failure';
import { quietNpmFlags, runNpm } from './run-npm';

/** npm's arguments for asking, without changing anything, whether `npm install <specs>` would succeed. */
export function npmInstallPreviewArgs(specs: readonly string[]): string[] {
  return ['install', '--dry-run', '--ignore-scripts', ...quietNpmFlags, '--', ...specs];
}

/**
 * Asks npm itself, in the workspace root and before anything is written, whether the `npm install`
 * that follows the change would succeed with `packages` added to package.json: `npm install
 * --dry-run --ignore-scripts <name>@<spec>…` resolves the workspace's whole tree (its package.json,
 * package-lock.json and node_modules, its `.npmrc`, peers as the real install reads them — no
 * `--legacy-peer-deps` unless the workspace's config says so) against the registry, and writes
 * nothing: not package.json, not package-lock.json, not node_modules (the spec proves it by
 * hashing them). `specs` maps each package name to the spec npm is given (stageNpmPackages'
 * npmSpec). A failure is returned as located problems (npmInstallProblems, `when: 'install'`):
 * a peer conflict (ERESOLVE) is FARM_E102, a registry failure E090–E096, anything else E116, at
 * the declaring plugin's `/frontend/dependencies/<i>`; success is `[]`. Costs one npm process:
 * call it only when the change adds packages.
 */
export async function npmInstallPreviewProblems(
  workspaceRoot: string,
  packages: readonly DeclaredNpmPackage[],
  specs: ReadonlyMap<string, string>,
  env: NodeJS.ProcessEnv,
): Promise<FarmProblem[]> {
  if (!packages.length) return [];
  const args = npmInstallPreviewArgs(packages.map((p) => `${p.name}@${specs.get(p.name) ?? p.range}`));
  const run = await runNpm(args, workspaceRoot, env);
  if (run.status === 0 && !run.spawnError) return [];
  return npmInstallProblems(run, packages, 'install');
}
