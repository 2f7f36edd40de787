import type { Tree } from '@nx/devkit';
import { posix } from 'node:path';
import { FarmError, type FarmProblem } from '../core/errors';
import type { LoadedManifest } from '../core/manifest';
import type { FarmState } from '../core/state';
import { filesUnder, treeFileView, type AssetFileView } from './asset-file-view';
import {
  assetImportProblems,
  moduleFileRE,
  viteClientModulePatterns,
  type PackageFileImport,
} from './frontend-asset-imports';
import { packageFileImportProblems } from './package-file-imports';
import { cssParsersOf, stylesheetProblems } from './plugin-stylesheets';
import { preprocessorProblems, type StylesheetUse } from './stylesheet-preprocessors';
import { withoutQuery, type ViteApp } from './vite-file-resolution';
import { changedPlugins } from './changed-plugins';

/**
 * The frontend asset check (issue 12, "valid means works"): what `nx run frontend:build` (Vite)
 * needs of a plugin that TypeScript does not check — for each plugin, FARM_E138 for an import of
 * a file only Vite reads (`./logo.png`, `./x.css?inline`, `new URL('./a.svg', import.meta.url)`)
 * that names no file (assetImportProblems) or of a package's file Vite's resolver does not find
 * (`import 'pkg/dist/style.css'`: packageFileImportProblems), FARM_E139/E140 for a declared or imported stylesheet
 * that does not parse as Vite's build parses it or whose `@import`/`url()` names no file
 * (stylesheetProblems), FARM_E142 for a preprocessor sheet (`.scss`, `.less`…) whose compiler the
 * app does not have (preprocessorProblems). Reads the plugins' module files (`.ts`, `.tsx`, `.js`, `.jsx`, `.mts`,
 * `.mjs`, not declarations, not node_modules) through `view`; `frontendRoot` is the app's
 * project root (its Vite root). Cost: a directory walk and a read per file; TypeScript's parser
 * only for files with a quoted path in them, postcss and lightningcss only when there is CSS.
 */
export async function frontendAssetProblems(
  view: AssetFileView,
  plugins: readonly LoadedManifest[],
  frontendRoot: string,
): Promise<FarmProblem[]> {
  if (!plugins.length) return [];
  const app: ViteApp = { root: frontendRoot, publicDir: posix.join(frontendRoot, 'public') };
  const patterns = viteClientModulePatterns(view.root);
  let parsers: ReturnType<typeof cssParsersOf> | undefined;
  const loadParsers = () => (parsers ??= cssParsersOf(view.root));
  const problems: FarmProblem[] = [];
  const packageFiles: { plugin: LoadedManifest; imports: PackageFileImport[] }[] = [];
  for (const plugin of plugins) {
    const { manifest, root } = plugin;
    const modules = filesUnder(view, root).filter((file) => moduleFileRE.test(file));
    const imports = assetImportProblems(view, manifest.name, modules, app, patterns);
    // `?raw` and `?url` hand Vite's CSS pipeline (parsers, preprocessors) nothing: the text or a URL of it.
    const compiled = imports.imported.filter((i) => !/[?&](?:raw|url)(?:&|$)/.test(i.specifier));
    const importedSheets = compiled.filter((i) => withoutQuery(i.specifier).endsWith('.css')).map((i) => i.file);
    const declaredSheets = (manifest.frontend?.styles ?? []).map((style) => posix.join(root, style));
    const sheetUses: StylesheetUse[] = [
      ...declaredSheets.flatMap((sheet, i) =>
        view.isFile(sheet) ? [{ sheet, file: plugin.file, pointer: `/frontend/styles/${i}` }] : [],
      ),
      ...compiled.map((i) => ({ sheet: i.file, file: i.from, line: i.line, column: i.column })),
    ];
    problems.push(
      ...imports.problems,
      ...stylesheetProblems(view, manifest.name, [...declaredSheets, ...importedSheets], app, loadParsers),
      ...preprocessorProblems(view.root, plugin, sheetUses, app),
    );
    if (imports.packageFiles.length) packageFiles.push({ plugin, imports: imports.packageFiles });
  }
  problems.push(...(await packageFileImportProblems(view.root, frontendRoot, packageFiles)));
  return problems;
}

/**
 * The asset check of a generator's runtime gate, for the plugins the change brings or changes —
 * the set checkFrontendTypes judges: a plugin whose folder is in the Tree's changes, or that
 * workspace.json makes active and was not active on disk — read through the Tree. Throws
 * FarmError (FARM_E138–E140) before anything is written; nothing to judge: no cost.
 */
export async function checkFrontendAssets(tree: Tree, state: FarmState, frontendRoot: string): Promise<void> {
  const problems = await frontendAssetProblems(treeFileView(tree), changedPlugins(tree, state), frontendRoot);
  if (problems.length) throw new FarmError(problems);
}
