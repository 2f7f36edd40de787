import type { Tree } from '@nx/devkit';
import { FarmError, problem } from '../../src/core/errors';
import {
  parseWorkspaceFile,
  serializeWorkspaceFile,
  workspaceFile,
  type FarmWorkspace,
} from '../../src/core/workspace';

/** workspace.json from the Tree, validated; a broken file stops the generator before any change. */
export function readFarmWorkspace(tree: Tree): FarmWorkspace {
  if (!tree.exists(workspaceFile))
    throw new FarmError([
      problem('FARM_E010', 'workspace.json not found at the workspace root', {
        file: workspaceFile,
        fix: 'create it (see docs/workspace.md)',
      }),
    ]);
  const { workspace, problems } = parseWorkspaceFile(tree.read(workspaceFile, 'utf-8')!);
  if (!workspace) throw new FarmError(problems);
  return workspace;
}

export function writeFarmWorkspace(tree: Tree, workspace: FarmWorkspace): void {
  tree.write(workspaceFile, serializeWorkspaceFile(workspace));
}

/** Finds an installed plugin by package name or short (project) name. */
export function findInstalled(
  workspace: FarmWorkspace,
  nameOrProject: string,
  projectNameOf: (name: string) => string,
): string | undefined {
  if (workspace.plugins[nameOrProject]) return nameOrProject;
  return Object.keys(workspace.plugins).find((name) => projectNameOf(name) === nameOrProject);
}
