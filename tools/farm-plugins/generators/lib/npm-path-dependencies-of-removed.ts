import { logger, readJson, updateJson, type GeneratorCallback, type Tree } from '@nx/devkit';
import { isAbsolute, join, relative } from 'node:path';
import type { LoadedManifest } from '../../src/core/manifest';
import { npmSpecPath, pathWithin } from '../../src/runtime-gate/npm-path-specs';
import { installAfterWrite, nodeModulesOutside } from './npm-dependencies';

type PackageJson = Record<string, Record<string, string> | undefined>;

/** The package.json fields npm installs from (npm docs, "package.json"). */
const dependencyFields = ['dependencies', 'devDependencies', 'optionalDependencies'] as const;

/**
 * Removes from the root package.json, in the Tree, each entry whose spec is a path inside one of
 * `removedRoots` (workspace-relative plugin folders this change deletes: `file:` folder or tarball,
 * `git+file:`, `link:` — npmSpecPath, read from the workspace root as package.json reads it) that
 * no plugin in `remaining` declares in `frontend.dependencies`. Why: the path dies with the
 * folder, and npm then fails on it (`npm ls`: ELSPROBLEMS for the dangling link; a fresh `npm
 * install`: ENOENT). A registry entry stays: other code of the app may import it. Returns the
 * names removed, sorted; none, and package.json is not touched.
 */
export function dropPathDependenciesOf(
  tree: Tree,
  removedRoots: readonly string[],
  remaining: readonly LoadedManifest[],
): string[] {
  if (!removedRoots.length || !tree.exists('package.json')) return [];
  const declared = new Set(remaining.flatMap((m) => (m.manifest.frontend?.dependencies ?? []).map((d) => d.name)));
  const folders = removedRoots.map((root) => join(tree.root, root));
  const pkg = readJson<PackageJson>(tree, 'package.json');
  const dropped = new Set<string>();
  for (const field of dependencyFields)
    for (const [name, spec] of Object.entries(pkg[field] ?? {})) {
      if (declared.has(name)) continue;
      const path = npmSpecPath(tree.root, name, spec);
      if (path !== undefined && folders.some((folder) => insideAsWritten(folder, path) || pathWithin(folder, path)))
        dropped.add(name);
    }
  if (!dropped.size) return [];
  updateJson<PackageJson>(tree, 'package.json', (json) => {
    for (const field of dependencyFields) for (const name of dropped) if (json[field]) delete json[field]![name];
    return json;
  });
  return [...dropped].sort();
}

/**
 * After the write, the package manager's install (installAfterWrite), which takes the dropped
 * packages out of node_modules and package-lock.json: npm install removes what package.json no
 * longer asks for (arborist reify prunes extraneous nodes). Undefined when nothing was dropped;
 * skipped with a warning when node_modules links out of the workspace (another project's).
 */
export function pruneDroppedAfterWrite(tree: Tree, dropped: readonly string[]): GeneratorCallback | undefined {
  if (!dropped.length) return undefined;
  return async () => {
    const outside = nodeModulesOutside(tree.root);
    if (outside !== undefined) {
      logger.warn(
        `package.json no longer lists ${dropped.join(', ')}; node_modules links to ${outside}, outside this workspace: run npm install there`,
      );
      return;
    }
    await installAfterWrite(tree.root);
  };
}

function insideAsWritten(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}
