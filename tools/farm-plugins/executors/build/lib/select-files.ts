import { FarmError } from '../../../src/core/errors';
import { scanPluginFolder, unsafeEntryProblems } from '../../../src/plugin-files';

/** A plugin's files sorted into what the build does with each. Paths relative to the plugin root. */
export interface PluginFileSelection {
  /** `.ts`/`.tsx`/`.mts`/`.cts` sources: compiled to JS + .d.ts. */
  scripts: string[];
  /** Python sources, tests left out: copied. */
  python: string[];
  /** Everything else a running plugin may need (CSS, .d.ts, .js, data, README): copied. */
  assets: string[];
}

// Never part of a package: installs, caches, build output, VCS.
const skippedDirs = /(^|\/)(node_modules|dist|__pycache__|\.pytest_cache|\.git|\.nx|coverage)(\/|$)/;
// Tests stay home: Python test folders and modules, TS specs.
const isTest = (path: string) =>
  /(^|\/)(tests?|__tests__)\//.test(path) ||
  /(^|\/)(test_[^/]*|[^/]*_test|conftest)\.py$/.test(path) ||
  /\.(spec|test)\.(tsx?|jsx?|mts|cts)$/.test(path);
// The build writes these itself (package.json, plugin.json) or they only configure the build.
const isBuildInput = (path: string) =>
  path === 'package.json' ||
  path === 'plugin.json' ||
  /^tsconfig(\.[^/]*)?\.json$/.test(path) ||
  /(^|\/)\.[^/]*$/.test(path) ||
  path.endsWith('.pyc');

export const compiledExtension = /\.(tsx?|mts|cts)$/;

/**
 * Walks the plugin folder in sorted order, so the package's contents never depend on the disk,
 * through plugin-files: a link or special file would put what it points to into the published
 * package, so it fails the build (FARM_E110–E112), located at `root`/<entry>.
 */
export function selectPluginFiles(pluginDir: string, at: { root: string; plugin: string }): PluginFileSelection {
  const scan = scanPluginFolder(pluginDir, skippedDirs);
  if (scan.unsafe.length)
    throw new FarmError(
      unsafeEntryProblems(scan.unsafe, { plugin: at.plugin, origin: at.root, fileOf: (path) => `${at.root}/${path}` }),
    );
  const selection: PluginFileSelection = { scripts: [], python: [], assets: [] };
  for (const { path } of scan.files) {
    if (isTest(path) || isBuildInput(path)) continue;
    if (compiledExtension.test(path) && !/\.d\.(m|c)?ts$/.test(path)) selection.scripts.push(path);
    else if (path.endsWith('.py')) selection.python.push(path);
    else selection.assets.push(path);
  }
  return selection;
}

/** `components/X.tsx` → `components/X.js` (`.mts` → `.mjs`, `.cts` → `.cjs`). */
export function compiledPathOf(source: string): string {
  return source
    .replace(/\.mts$/, '.mjs')
    .replace(/\.cts$/, '.cjs')
    .replace(/\.tsx?$/, '.js');
}

/** `components/X.tsx` → `components/X.d.ts`. */
export function declarationPathOf(source: string): string {
  return source
    .replace(/\.mts$/, '.d.mts')
    .replace(/\.cts$/, '.d.cts')
    .replace(/\.tsx?$/, '.d.ts');
}
