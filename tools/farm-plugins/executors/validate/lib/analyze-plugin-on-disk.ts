import { join, posix } from 'node:path';
import {
  analyzePluginCode,
  declaredFileCompanions,
  declaredFiles,
  type DeclaredPathResolution,
  type PluginCodeAnalysis,
  type PythonReport,
} from '../../../src/core/analyze';
import { unreportedPackageClashes } from '../../../src/core/analyze/paths/package-clashes';
import { FarmError, type FarmProblem } from '../../../src/core/errors';
import type { LoadedManifest } from '../../../src/core/manifest';
import type { PythonImportFact } from '../../../src/core/validate';
import { pluginFolderProblems } from '../../../src/plugin-files';
import { routePathProblems } from '../../../src/runtime-gate/frontend-route-syntax';
import { npmPathSpecProblems } from '../../../src/runtime-gate/npm-path-specs';
import { selectPluginFiles } from '../../build/lib/select-files';
import { collectPluginSources, type PluginSources } from './collect-plugin-sources';
import { resolveDeclaredPaths } from './resolve-declared-paths';
import { runPythonAnalyzer } from './run-python-analyzer';

/** A plugin's code analysis, with the absolute imports of its Python files (for the runtime gate's FARM_E105). */
export type DiskAnalysis = PluginCodeAnalysis & { pythonImports: PythonImportFact[] };

/** The disk half of the code analysis: read sources, resolve symlinks, run Python; then the pure core. */
export function analyzePluginOnDisk(workspaceRoot: string, loaded: LoadedManifest): DiskAnalysis {
  return analyzePluginsOnDisk(workspaceRoot, [loaded])[0]!;
}

/**
 * The same for many plugins with one Python process for all their .py files: a batch of validate
 * tasks (validate.batch.ts) would otherwise start Python once per plugin, most of its cost.
 */
export function analyzePluginsOnDisk(workspaceRoot: string, plugins: readonly LoadedManifest[]): DiskAnalysis[] {
  const prepared = plugins.map((loaded) => {
    const files = declaredFiles(loaded);
    const paths = resolveDeclaredPaths(workspaceRoot, loaded.root, [...files, ...declaredFileCompanions(loaded)]);
    // Declared files are read at their real place, and only when that is inside the plugin.
    const declared = files
      .map((file) => paths.real[file])
      .filter((real): real is string => typeof real === 'string' && real.startsWith(`${paths.realRoot}/`))
      .map((real) => posix.join(loaded.root, posix.relative(paths.realRoot, real)));
    return {
      loaded,
      paths,
      declared,
      opened: [] as string[],
      sources: collectPluginSources(workspaceRoot, loaded.root, declared),
    };
  });
  // One analysis per prepared plugin, in order: every index below is in range.
  const analyses = analyzePrepared(workspaceRoot, prepared);
  // Code that imports from a skipped folder (tests/, dist/, a dot-folder …) runs what is there: that
  // is analyzed too, then what it reaches in turn. Each round opens at least one skipped path, so
  // this ends.
  for (let again = reaching(analyses); again.length; again = again.filter((i) => analyses[i]!.reached?.length)) {
    for (const i of again) {
      const p = prepared[i]!;
      p.opened.push(...analyses[i]!.reached!);
      p.sources = collectPluginSources(workspaceRoot, p.loaded.root, p.declared, p.opened);
    }
    analyzePrepared(
      workspaceRoot,
      again.map((i) => prepared[i]!),
    ).forEach((analysis, k) => {
      analyses[again[k]!] = analysis;
    });
  }
  return prepared.map(({ loaded }, i) => {
    // What an install would refuse to copy (a link, a FIFO …) validate refuses in place: git and
    // npm pack carry such an entry along, and the analysis above does not follow it.
    const at = {
      plugin: loaded.manifest.name,
      origin: loaded.root,
      fileOf: (path: string) => `${loaded.root}/${path}`,
    };
    const analysis = analyses[i]!;
    analysis.problems.push(...pluginFolderProblems(join(workspaceRoot, loaded.root), at));
    // Route paths are judged by the app's React Router here, with the code, so that validate and
    // the generators (which analyze before they integrate) refuse one at its path (FARM_E109)
    // before the URL ownership check would read it.
    analysis.problems.push(...routePathProblems(loaded, workspaceRoot));
    // A file: dependency outside the plugin: npm install after the write would run its scripts (FARM_E141).
    analysis.problems.push(...npmPathSpecProblems(loaded, workspaceRoot));
    analysis.problems.push(...unreportedPackageClashes(loaded, buildClashes(workspaceRoot, loaded), analysis.problems));
    return analysis;
  });
}

/**
 * FARM_E108 as `nx run <plugin>:build` would raise it: the build's own selection of the plugin's
 * files (selectPluginFiles) judged here, so that validate and add refuse what the build could
 * not pack — every file the package holds, not only the files plugin.json names. A link or
 * special file stops that selection first; pluginFolderProblems has reported it already.
 */
function buildClashes(workspaceRoot: string, loaded: LoadedManifest): readonly FarmProblem[] {
  try {
    selectPluginFiles(join(workspaceRoot, loaded.root), { root: loaded.root, plugin: loaded.manifest.name });
    return [];
  } catch (error) {
    if (error instanceof FarmError) return error.problems.filter((p) => p.code === 'FARM_E108');
    throw error;
  }
}

/** One Python process for the .py files of all the plugins, then the pure analysis of each. */
function analyzePrepared(
  workspaceRoot: string,
  prepared: readonly { loaded: LoadedManifest; paths: DeclaredPathResolution; sources: PluginSources }[],
): DiskAnalysis[] {
  const python = runPythonAnalyzer({
    root: workspaceRoot,
    files: prepared.flatMap((p) => p.sources.python.map((path) => ({ path }))),
  });
  const reportOf = reportsByFile(python.report);
  return prepared.map(({ loaded, paths, sources }) => {
    const files = sources.python.flatMap((file) => reportOf.get(file) ?? []);
    const pythonImports = files.flatMap((report) => (report.imported ?? []).map((i) => ({ ...i, file: report.path })));
    return {
      ...analyzePluginCode({
        loaded,
        scripts: sources.scripts,
        python: { files },
        paths,
        unreadable: sources.unreadable,
        pythonError: python.error,
        skipped: sources.skipped,
      }),
      pythonImports,
    };
  });
}

function reaching(analyses: readonly PluginCodeAnalysis[]): number[] {
  return analyses.flatMap((analysis, i) => (analysis.reached?.length ? [i] : []));
}

function reportsByFile(report: PythonReport): Map<string, PythonReport['files']> {
  const byFile = new Map<string, PythonReport['files']>();
  for (const file of report.files) byFile.set(file.path, [...(byFile.get(file.path) ?? []), file]);
  return byFile;
}
