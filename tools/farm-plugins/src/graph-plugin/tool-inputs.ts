import type { TargetConfiguration } from '@nx/devkit';
import { realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import toolPackage from '../../package.json';

export type TargetInputs = NonNullable<TargetConfiguration['inputs']>;

/** The @farm/plugins package folder: tools/farm-plugins in this repository. */
const toolRoot = join(__dirname, '../..');

/**
 * The tool's own sources and versions, an input of every target the graph plugin infers
 * (validate, typegen, build, integrate): an edited emitter, rule or schema, or another version of
 * a library the tool runs, must not be answered from the cache (issue 13). The one definition —
 * nx.json holds no copy. With the tool inside the workspace (this repository) it is its sources,
 * package.json, executors.json, executors/ and the locked versions of its dependencies (`extraPackages`
 * adds a target's own, like typescript for build); installed from npm, its version.
 */
export function farmToolInputs(workspaceRoot: string, extraPackages: readonly string[] = []): TargetInputs {
  const packages = [...new Set([...Object.keys(toolPackage.dependencies), ...extraPackages])].sort();
  const inside = toolFolderIn(workspaceRoot);
  if (inside === undefined) {
    // Outside the workspace, its files are not Nx's to hash, nor its dependencies in the lock file.
    return [
      { runtime: `node -p "require('${toolPackage.name}/package.json').version"` },
      ...(extraPackages.length ? [{ externalDependencies: [...extraPackages].sort() }] : []),
    ];
  }
  const at = `{workspaceRoot}/${inside}`;
  // The executors and the src/ they run; generators are not run by any inferred target.
  const sources = ['src', 'executors'].flatMap((dir) => [
    `${at}/${dir}/**/*`,
    `!${at}/${dir}/**/*.spec.ts`,
    `!${at}/${dir}/**/__snapshots__/**`,
  ]);
  return [`${at}/package.json`, `${at}/executors.json`, ...sources, { externalDependencies: packages }];
}

/** The tool's folder relative to the workspace, when it is the workspace's own (not under node_modules). */
function toolFolderIn(workspaceRoot: string): string | undefined {
  let inside: string;
  try {
    inside = relative(realpathSync(workspaceRoot), realpathSync(toolRoot));
  } catch {
    return undefined;
  }
  const parts = inside.split(sep);
  if (!inside || parts[0] === '..' || parts.includes('node_modules')) return undefined;
  return parts.join('/');
}
