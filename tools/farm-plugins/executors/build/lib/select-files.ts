import {
  isCompiledSource,
  outputCollisions,
  type OutputCollision,
} from '../../../src/core/analyze/paths/package-outputs';
import { FarmError, problem, type FarmProblem } from '../../../src/core/errors';
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

/**
 * Walks the plugin folder in sorted order, so the package's contents never depend on the disk,
 * through plugin-files: a link or special file would put what it points to into the published
 * package, so it fails the build (FARM_E110–E112), located at `root`/<entry>. Two files the package
 * cannot hold both (`Card.ts` and `Card.tsx` compile to one `Card.js`; core/analyze/paths/
 * package-outputs.ts) fail it too (FARM_E108, at the first of them), before tsc would refuse the
 * pair with an unlocated TS5056 or the copy of a `Card.js` would replace the compiled one.
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
    if (isCompiledSource(path)) selection.scripts.push(path);
    else if (path.endsWith('.py')) selection.python.push(path);
    else selection.assets.push(path);
  }
  const collisions = outputCollisions([...selection.scripts, ...selection.assets]);
  if (collisions.length) throw new FarmError(collisions.map((c) => collisionProblem(c, at)));
  return selection;
}

/** FARM_E108 for files of the plugin at `at.root` that would be written to one package path. */
function collisionProblem(collision: OutputCollision, at: { root: string; plugin: string }): FarmProblem {
  const [first = '', ...others] = collision.files.map((file) => `${at.root}/${file}`);
  return problem(
    'FARM_E108',
    `${first} and ${others.join(' and ')} would both be written to ${collision.output} in the package: TypeScript names a compiled file after its source's stem only, so one would replace the other`,
    {
      plugin: at.plugin,
      file: first,
      fix: 'rename one of them (or remove the one that is not used), and update plugin.json if it names it',
    },
  );
}
