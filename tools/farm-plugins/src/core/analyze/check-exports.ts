import { posix } from 'node:path';
import { problem, type FarmErrorCode, type FarmProblem } from '../errors';
import type { LoadedManifest } from '../manifest';
import { entryNameProblems } from '../plan/entry-names';
import type { DeclaredPath } from './paths/declared-paths';
import type { PythonModules } from './python/python-exports';
import { componentExportProblem, hookExportProblem } from './script/script-exports';
import type { ScriptProject } from './script/script-project';

const pythonChecks: Partial<Record<DeclaredPath['kind'], { code: FarmErrorCode; check: (m: PythonModules, file: string, name: string) => string | undefined }>> = {
  router: { code: 'FARM_E082', check: (m, file, name) => m.routerProblem(file, name) },
  middleware: { code: 'FARM_E083', check: (m, file, name) => m.classProblem(file, name, 'middleware') },
  model: { code: 'FARM_E084', check: (m, file, name) => m.classProblem(file, name, 'model') },
  provider: { code: 'FARM_E085', check: (m, file, name) => m.providerProblem(file, name) },
  task: { code: 'FARM_E086', check: (m, file, name) => m.symbolProblem(file, name) },
  pipeline: { code: 'FARM_E086', check: (m, file, name) => m.symbolProblem(file, name) },
  endpoint: { code: 'FARM_E086', check: (m, file, name) => m.symbolProblem(file, name) },
};

/**
 * The spec's validateComponentExport / validateHookExport / validateAIProvider and their backend
 * siblings, on the ASTs of the declared files (each already known to be inside the plugin).
 * Problems point at the manifest entry and name the source file.
 */
export function checkExports(loaded: LoadedManifest, declared: ReadonlyMap<DeclaredPath, string>, scripts: ScriptProject, python: PythonModules): FarmProblem[] {
  const problems: FarmProblem[] = [];
  // `router users (export router): libs/plugins/p/routers/users.py …` — the export only when it is not the key.
  const report = (code: FarmErrorCode, d: DeclaredPath, file: string, why: string) =>
    problems.push(problem(code, `${d.kind} ${d.name}${d.explicitExport !== undefined && d.explicitExport !== d.name ? ` (export ${d.explicitExport})` : ''}: ${file} ${why}`, { plugin: loaded.manifest.name, file: loaded.file, pointer: d.pointer, ...loaded.document.locate(d.pointer) }));

  for (const [d, file] of declared) {
    // A Vite plugin module's default export is called by vite.config.ts, which says so if it is missing.
    if (d.kind === 'vite-plugin') continue;
    // A name that cannot be used in generated code is refused as the plan refuses it, not checked further.
    if (d.kind !== 'route' && d.kind !== 'style') {
      const unusable = entryNameProblems(d.kind, d.name, { export: d.explicitExport });
      for (const u of unusable) {
        const pointer = d.pointer + u.at;
        problems.push(problem('FARM_E051', u.message, { plugin: loaded.manifest.name, file: loaded.file, pointer, ...loaded.document.locate(pointer) }));
      }
      if (unusable.length) continue;
    }
    if (d.kind === 'component' || d.kind === 'route') {
      const sourceFile = scripts.files.get(file);
      if (!sourceFile) report('FARM_E080', d, file, 'is not a TypeScript or JavaScript module');
      else if (!scripts.syntaxErrors.has(file)) {
        const why = componentExportProblem(sourceFile, d.export);
        if (why) report('FARM_E080', d, file, why);
      }
    } else if (d.kind === 'hook') {
      const sourceFile = scripts.files.get(file);
      if (!sourceFile) report('FARM_E081', d, file, 'is not a TypeScript or JavaScript module');
      else if (!scripts.syntaxErrors.has(file)) {
        const why = hookExportProblem(sourceFile, d.export);
        if (why) report('FARM_E081', d, file, why);
      }
    } else {
      const rule = pythonChecks[d.kind];
      if (!rule) continue;
      if (posix.extname(file) !== '.py') {
        report(rule.code, d, file, 'is not a Python module (.py)');
        continue;
      }
      const why = rule.check(python, file, d.export);
      if (why) report(rule.code, d, file, why);
    }
  }
  problems.push(...checkPageRoutes(loaded, scripts));
  return problems;
}

/** Routes to `pages/<Component>.tsx` (no file, not a declared component) must default-export a component too. */
function checkPageRoutes(loaded: LoadedManifest, scripts: ScriptProject): FarmProblem[] {
  const { frontend } = loaded.manifest;
  const problems: FarmProblem[] = [];
  (frontend?.routes ?? []).forEach((route, i) => {
    if (route.file || frontend?.components?.[route.component]) return;
    const file = ['tsx', 'jsx', 'ts', 'js'].map((ext) => `${loaded.root}/pages/${route.component}.${ext}`).find((f) => scripts.files.has(f));
    if (!file || scripts.syntaxErrors.has(file)) return;
    const why = componentExportProblem(scripts.files.get(file)!);
    const pointer = `/frontend/routes/${i}/component`;
    if (why) problems.push(problem('FARM_E080', `route ${route.path}: ${file} ${why}`, { plugin: loaded.manifest.name, file: loaded.file, pointer, ...loaded.document.locate(pointer) }));
  });
  return problems;
}
