import { posix } from 'node:path';
import type { PythonFileReport } from '../python/python-report';
import type { SourceFacts } from '../types';

const moduleExtension = /\.(tsx?|jsx?|mts|cts|mjs|cjs|py)$/;

/**
 * The skipped paths (folders or files the shell left out as not the plugin's own code: tests/,
 * dist/, a dot-folder, a *.spec.ts …) that analyzed code imports by a relative specifier, a
 * relative Python import, or `farm_plugins.<alias>.…` — sorted. Such code runs with the plugin.
 */
export function reachedSkippedPaths(input: {
  root: string;
  alias: string;
  facts: readonly SourceFacts[];
  python: readonly PythonFileReport[];
  skipped: readonly string[];
}): string[] {
  if (!input.skipped.length) return [];
  const targets: string[] = [];
  for (const f of input.facts)
    for (const i of f.imports ?? []) targets.push(posix.normalize(posix.join(posix.dirname(f.file), i.specifier)));
  for (const report of input.python) {
    for (const imported of report.symbols?.imports ?? [])
      targets.push(...pythonTargets(report.path, imported, input.root, input.alias));
  }
  const reached = input.skipped.filter((skipped) => targets.some((target) => covers(skipped, target)));
  return [...new Set(reached)].sort();
}

/** Whether the skipped folder or file `skipped` is, or holds, the module `target` (extension or not). */
function covers(skipped: string, target: string): boolean {
  const bare = target.replace(moduleExtension, '');
  return [target, bare].some(
    (t) => t === skipped || t.startsWith(`${skipped}/`) || t === skipped.replace(moduleExtension, ''),
  );
}

/** The plugin paths a Python import may load: the module, and each imported name as a submodule. */
function pythonTargets(
  file: string,
  imported: { module: string; level: number; names: { name: string }[] },
  root: string,
  alias: string,
): string[] {
  let base: string;
  let dotted = imported.module;
  if (imported.level > 0) {
    base = posix.dirname(file);
    for (let up = 1; up < imported.level; up++) base = posix.dirname(base);
  } else {
    const own = `farm_plugins.${alias}`;
    if (dotted !== own && !dotted.startsWith(`${own}.`)) return [];
    base = root;
    dotted = dotted.slice(own.length).replace(/^\./, '');
  }
  const module = dotted ? posix.join(base, ...dotted.split('.')) : base;
  return [module, ...imported.names.filter((n) => n.name !== '*').map((n) => posix.join(module, n.name))];
}
