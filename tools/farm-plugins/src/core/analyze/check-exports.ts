import { posix } from 'node:path';
import { problem, type FarmErrorCode, type FarmProblem } from '../errors';
import { kindTable } from '../kinds/table';
import type { CodeFacts } from '../kinds/types';
import type { LoadedManifest } from '../manifest';
import { entryNameProblems } from '../plan/entry-names';
import type { DeclaredPath } from './paths/declared-paths';
import type { PythonModules } from './python/python-exports';
import { componentExportProblem, hookExportProblem } from './script/script-exports';
import type { ScriptProject } from './script/script-project';

/**
 * The spec's validateComponentExport / validateHookExport / validateAIProvider and their backend
 * siblings, on the ASTs of the declared files (each already known to be inside the plugin): each
 * declared path is checked by its kind's export check (core/kinds), then each kind's further code
 * checks run (a route's page module). Problems point at the manifest entry and name the source file.
 */
export function checkExports(
  loaded: LoadedManifest,
  declared: ReadonlyMap<DeclaredPath, string>,
  scripts: ScriptProject,
  python: PythonModules,
): FarmProblem[] {
  const problems: FarmProblem[] = [];
  const facts = codeFacts(scripts, python);
  // `router users (export router): libs/plugins/p/routers/users.py …` — the export only when it is not the key.
  const report = (code: FarmErrorCode, d: DeclaredPath, file: string, why: string) =>
    problems.push(
      problem(
        code,
        `${d.kind} ${d.name}${d.explicitExport !== undefined && d.explicitExport !== d.name ? ` (export ${d.explicitExport})` : ''}: ${file} ${why}`,
        { plugin: loaded.manifest.name, file: loaded.file, pointer: d.pointer, ...loaded.document.locate(d.pointer) },
      ),
    );

  for (const [d, file] of declared) {
    const { codeKind, exportCheck } = d.owner;
    // A name that cannot be used in generated code is refused as the plan refuses it, not checked further.
    if (codeKind) {
      const unusable = entryNameProblems(codeKind, d.name, { export: d.explicitExport });
      for (const u of unusable) {
        const pointer = d.pointer + u.at;
        problems.push(
          problem('FARM_E051', u.message, {
            plugin: loaded.manifest.name,
            file: loaded.file,
            pointer,
            ...loaded.document.locate(pointer),
          }),
        );
      }
      if (unusable.length) continue;
    }
    if (!exportCheck) continue;
    if (exportCheck.language === 'script') {
      const state = facts.script(file);
      if (state === 'not-a-module') report(exportCheck.code, d, file, 'is not a TypeScript or JavaScript module');
      if (state !== 'parsed') continue;
    } else if (posix.extname(file) !== '.py') {
      report(exportCheck.code, d, file, 'is not a Python module (.py)');
      continue;
    }
    const why = exportCheck.check(facts, file, d.export);
    if (why) report(exportCheck.code, d, file, why);
  }
  for (const kind of kindTable) if (kind.checkCode) problems.push(...kind.checkCode(loaded, facts));
  return problems;
}

/** The analyzer's answers in the shape the kinds ask for (they must not load ts-morph themselves). */
function codeFacts(scripts: ScriptProject, python: PythonModules): CodeFacts {
  return {
    script: (file) =>
      !scripts.files.has(file) ? 'not-a-module' : scripts.syntaxErrors.has(file) ? 'syntax-error' : 'parsed',
    componentProblem: (file, name) => componentExportProblem(scripts.files.get(file)!, name),
    hookProblem: (file, name) => hookExportProblem(scripts.files.get(file)!, name),
    python,
  };
}
