import { posix } from 'node:path';
import { analyzePluginCode, declaredFiles, type PluginCodeAnalysis } from '../../../core/analyze';
import type { LoadedManifest } from '../../../core/manifest';
import { collectPluginSources } from './collect-plugin-sources';
import { resolveDeclaredPaths } from './resolve-declared-paths';
import { runPythonAnalyzer } from './run-python-analyzer';

/** The disk half of the code analysis: read sources, resolve symlinks, run Python; then the pure core. */
export function analyzePluginOnDisk(workspaceRoot: string, loaded: LoadedManifest): PluginCodeAnalysis {
  const paths = resolveDeclaredPaths(workspaceRoot, loaded.root, declaredFiles(loaded));
  // Declared files are read at their real place, and only when that is inside the plugin.
  const declared = Object.values(paths.real)
    .filter((real): real is string => real !== null && real.startsWith(`${paths.realRoot}/`))
    .map((real) => posix.join(loaded.root, posix.relative(paths.realRoot, real)));
  const sources = collectPluginSources(workspaceRoot, loaded.root, declared);
  const python = runPythonAnalyzer({ root: workspaceRoot, files: sources.python.map((path) => ({ path })) });
  return analyzePluginCode({ loaded, scripts: sources.scripts, python: python.report, paths, unreadable: sources.unreadable, pythonError: python.error });
}
