import type { FarmProblem } from '../../errors';
import type { LoadedManifest } from '../../manifest';
import { resolvePluginPath } from '../../plan/plugin-paths';
import { declaredPaths } from './declared-paths';
import { sameOutputSiblings } from './package-outputs';

/**
 * Of the FARM_E108 problems the build's own file selection raises for a plugin (one a group of
 * files landing on one package path, at the group's first file; executors/build select-files), the
 * ones validate has not already reported at a declared path (checkDeclaredPaths, located in
 * plugin.json). Those cover the files no manifest entry names: a route page found by its
 * component's name (`pages/Home.tsx` beside `pages/Home.ts`), a helper module (`utils.ts` beside
 * `utils.tsx`). A group is a repeat when its first file is a declared file reported there, or one
 * of that file's same-output siblings (every group on its outputs holds the declared file).
 * `reported` are the plugin's problems so far; paths are workspace-relative.
 */
export function unreportedPackageClashes(
  loaded: LoadedManifest,
  buildClashes: readonly FarmProblem[],
  reported: readonly FarmProblem[],
): FarmProblem[] {
  const atDeclared = new Set<string>();
  for (const d of declaredPaths(loaded.manifest)) {
    const clash = reported.some((p) => p.code === 'FARM_E108' && p.file === loaded.file && p.pointer === d.pathPointer);
    const lexical = resolvePluginPath(loaded.root, d.path);
    if (!clash || !('file' in lexical)) continue;
    [lexical.file, ...sameOutputSiblings(lexical.file)].forEach((file) => atDeclared.add(file));
  }
  return buildClashes.filter((p) => p.code === 'FARM_E108' && !(p.file && atDeclared.has(p.file)));
}
