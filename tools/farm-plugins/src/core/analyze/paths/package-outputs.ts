/**
 * Where each file of a plugin lands in its package (`nx run <plugin>:build`, executors/build):
 * TypeScript sources are compiled to JavaScript plus a declaration, every other file is copied as
 * it is. Two files of a plugin that land on one path cannot both ship (issue 12: `Card.tsx` beside
 * `Card.ts`). The compiler decides this, not FARM: tsc names a source's outputs after its stem
 * only, so `Card.ts` and `Card.tsx` both emit `Card.js` and `Card.d.ts`, and tsc refuses the pair
 * ("TS5056 Cannot write file … because it would be overwritten by multiple input files") with no
 * way to name either output otherwise; a copied `Card.js` beside `Card.tsx` would silently replace
 * the compiled one. Vite and the app's TypeScript check import the declared `Card.tsx` by its exact
 * name and are not troubled (plan/frontend-imports.ts): only the package is.
 * (package-outputs.spec.ts checks this table against the real compiler.)
 */

/** TypeScript sources the build compiles (not declarations, which are copied). */
const compiledSource = /\.(tsx?|mts|cts)$/;
const declarationFile = /\.d\.[cm]?ts$/;

/** Whether the build compiles `path` (`.ts`, `.tsx`, `.mts`, `.cts`, but not a `.d.ts`). */
export function isCompiledSource(path: string): boolean {
  return compiledSource.test(path) && !declarationFile.test(path);
}

/** `components/X.tsx` → `components/X.js` (`.mts` → `.mjs`, `.cts` → `.cjs`), as tsc names it. */
export function compiledPathOf(source: string): string {
  return source
    .replace(/\.mts$/, '.mjs')
    .replace(/\.cts$/, '.cjs')
    .replace(/\.tsx?$/, '.js');
}

/** `components/X.tsx` → `components/X.d.ts` (`.mts` → `.d.mts`, `.cts` → `.d.cts`), as tsc names it. */
export function declarationPathOf(source: string): string {
  return source
    .replace(/\.mts$/, '.d.mts')
    .replace(/\.cts$/, '.d.cts')
    .replace(/\.tsx?$/, '.d.ts');
}

/** The package paths `path` (relative to the plugin, or to anything) is written to by the build. */
export function packageOutputsOf(path: string): string[] {
  return isCompiledSource(path) ? [compiledPathOf(path), declarationPathOf(path)] : [path];
}

// Every extension whose file can land on a compiled source's outputs: the sources tsc compiles
// to the same stem, and the compiled JavaScript and declarations a folder may already hold.
const sameStemExtensions = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.d.ts', '.d.mts', '.d.cts'];

/**
 * The files beside `file` (a compiled source; same folder, same stem) that the build would write
 * to one of its outputs: for `Card.tsx`, `Card.ts` (both compile to `Card.js`), `Card.js` and
 * `Card.d.ts` (copied over what `Card.tsx` compiles to). Sorted; empty for a file that is not a
 * compiled source (a copied file lands on its own path only, which no sibling shares).
 */
export function sameOutputSiblings(file: string): string[] {
  if (!isCompiledSource(file)) return [];
  const stem = file.replace(compiledSource, '');
  const outputs = new Set(packageOutputsOf(file));
  return sameStemExtensions
    .map((ext) => stem + ext)
    .filter((sibling) => sibling !== file && packageOutputsOf(sibling).some((out) => outputs.has(out)))
    .sort();
}

/** Two or more files of a plugin that the build would write to one package path. */
export interface OutputCollision {
  /** The package path, relative to the plugin. */
  output: string;
  /** The plugin's files that land there, sorted. */
  files: string[];
}

/**
 * Every group of `files` (relative to the plugin) that the build would write to one package path,
 * sorted by their files; a group is reported once, at its compiled JavaScript when it meets there
 * (each source's JavaScript is listed before its declaration).
 */
export function outputCollisions(files: readonly string[]): OutputCollision[] {
  const byOutput = new Map<string, string[]>();
  for (const file of files)
    for (const output of packageOutputsOf(file)) byOutput.set(output, [...(byOutput.get(output) ?? []), file]);
  const byFiles = new Map<string, OutputCollision>();
  for (const [output, landing] of byOutput) {
    const sorted = [...landing].sort();
    const key = sorted.join('\0');
    if (sorted.length > 1 && !byFiles.has(key)) byFiles.set(key, { output, files: sorted });
  }
  return [...byFiles.keys()].sort().map((key) => byFiles.get(key)!);
}
