import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

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
const skippedDirs = new Set(['node_modules', 'dist', '__pycache__', '.pytest_cache', '.git', '.nx', 'coverage']);
// Tests stay home: Python test folders and modules, TS specs.
const isTest = (path: string) =>
  /(^|\/)(tests?|__tests__)\//.test(path) || /(^|\/)(test_[^/]*|[^/]*_test|conftest)\.py$/.test(path) || /\.(spec|test)\.(tsx?|jsx?|mts|cts)$/.test(path);
// The build writes these itself (package.json, plugin.json) or they only configure the build.
const isBuildInput = (path: string) => path === 'package.json' || path === 'plugin.json' || /^tsconfig(\.[^/]*)?\.json$/.test(path) || /(^|\/)\.[^/]*$/.test(path) || path.endsWith('.pyc');

export const compiledExtension = /\.(tsx?|mts|cts)$/;

/** Walks the plugin folder in sorted order, so the package's contents never depend on the disk. */
export function selectPluginFiles(pluginDir: string): PluginFileSelection {
  const selection: PluginFileSelection = { scripts: [], python: [], assets: [] };
  const walk = (rel: string) => {
    for (const child of readdirSync(join(pluginDir, rel)).sort()) {
      const path = rel ? `${rel}/${child}` : child;
      const stat = statSync(join(pluginDir, path));
      if (stat.isDirectory()) {
        if (!skippedDirs.has(child)) walk(path);
        continue;
      }
      if (!stat.isFile() || isTest(path) || isBuildInput(path)) continue;
      if (compiledExtension.test(path) && !/\.d\.(m|c)?ts$/.test(path)) selection.scripts.push(path);
      else if (path.endsWith('.py')) selection.python.push(path);
      else selection.assets.push(path);
    }
  };
  walk('');
  return selection;
}

/** `components/X.tsx` → `components/X.js` (`.mts` → `.mjs`, `.cts` → `.cjs`). */
export function compiledPathOf(source: string): string {
  return source.replace(/\.mts$/, '.mjs').replace(/\.cts$/, '.cjs').replace(/\.tsx?$/, '.js');
}

/** `components/X.tsx` → `components/X.d.ts`. */
export function declarationPathOf(source: string): string {
  return source.replace(/\.mts$/, '.d.mts').replace(/\.cts$/, '.d.cts').replace(/\.tsx?$/, '.d.ts');
}
