import { problem, type FarmProblem } from '../errors';
import type { LoadedManifest } from '../manifest';
import { pythonAliasOf } from '../manifest/plugin-names';

/** One absolute import of a plugin's Python file, as the analyzer found it. */
export interface PythonImportFact {
  /** Workspace-relative .py file. */
  file: string;
  line: number;
  column: number;
  /** Dotted module (`slugify`, `google.cloud.storage`). */
  module: string;
  /** Inside try/except ImportError or `if TYPE_CHECKING`: the code copes without it. */
  guarded: boolean;
}

/** What the backend's environment answers (the runtime gate asks its Python). */
export interface PythonEnvironmentFacts {
  /** Whether a top-level module can be imported there (venv, stdlib, host src); undefined: not asked. */
  importable: (topLevel: string) => boolean | undefined;
  /** Installed distributions, PEP 503-normalized (`python-slugify`). */
  distributions: ReadonlySet<string>;
}

/** PEP 503's normalized form of a distribution name. */
export const normalizeDistribution = (name: string) => name.replace(/[-_.]+/g, '-').toLowerCase();

/**
 * FARM_E105, E054's Python twin: an unguarded import of a module the backend's environment cannot
 * import — neither installed in the venv, nor the stdlib, nor the host's own packages — while the
 * plugin declares no `backend.dependencies` that would bring it. Imports inside functions count
 * (they fail when the function runs); `farm_plugins.*` is mounted by the host at run time (the
 * runtime gate judges those). A declared dependency that is not installed yet may provide any
 * module name (`python-slugify` is `slugify`), so while one is missing the plugin's unknown imports
 * are not judged here: the runtime gate of `add`, which installs it first, is. Pure.
 */
export function undeclaredPythonImports(
  loaded: LoadedManifest,
  imports: readonly PythonImportFact[],
  facts: PythonEnvironmentFacts,
): FarmProblem[] {
  const declared = loaded.manifest.backend?.dependencies ?? [];
  if (declared.some((d) => !facts.distributions.has(normalizeDistribution(d.name)))) return [];
  const problems: FarmProblem[] = [];
  for (const imp of imports) {
    const [top = ''] = imp.module.split('.');
    if (imp.guarded || top === 'farm_plugins' || facts.importable(top) !== false) continue;
    problems.push(
      problem(
        'FARM_E105',
        `imports ${imp.module}, which the backend's Python cannot import: it is not installed in .venv, not part of the standard library or the host, and not declared in backend.dependencies`,
        {
          plugin: loaded.manifest.name,
          file: imp.file,
          line: imp.line,
          column: imp.column,
          fix: `declare the PyPI package that provides "${top}" in ${loaded.file} backend.dependencies ({ "name": "<package>", "version": "<version>" }); or guard the import (try/except ImportError) or remove it`,
        },
      ),
    );
  }
  return problems;
}

/**
 * FARM_E145 as the analysis reads a plugin's Python files (validate): an unguarded import of
 * another plugin's package — `farm_plugins.<alias>.…`, where `<alias>` is neither the plugin's own
 * nor that of a plugin it declares in `dependencies` or `peerDependencies` (aliases as
 * pythonAliasOf makes them). Imports inside functions count: they fail when the function runs,
 * once the other plugin is removed or deactivated. The runtime gate records the imports the
 * import of the app makes (importlib's too) and refuses the same for `add` (plugin-effects.ts);
 * this reads what no import runs. A guarded import (try/except ImportError) copes without it. Pure.
 */
export function undeclaredPluginImports(loaded: LoadedManifest, imports: readonly PythonImportFact[]): FarmProblem[] {
  const { manifest } = loaded;
  const declared = new Set(
    [...(manifest.dependencies ?? []), ...(manifest.peerDependencies ?? [])].map((d) => pythonAliasOf(d.name)),
  );
  const own = pythonAliasOf(manifest.name);
  const problems: FarmProblem[] = [];
  for (const imp of imports) {
    const [top, alias] = imp.module.split('.');
    if (imp.guarded || top !== 'farm_plugins' || alias === undefined || alias === own || declared.has(alias)) continue;
    problems.push(
      problem(
        'FARM_E145',
        `imports ${imp.module}, the package of another plugin (mounted as farm_plugins.${alias}), which ${loaded.file} does not declare: the backend would fail to import once that plugin is removed or deactivated`,
        {
          plugin: manifest.name,
          file: imp.file,
          line: imp.line,
          column: imp.column,
          fix: `declare the plugin in ${loaded.file} dependencies (or peerDependencies), or stop importing its modules`,
        },
      ),
    );
  }
  return problems;
}
