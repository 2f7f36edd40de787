import { posix } from 'node:path';
import type { GeneratedFile } from '../../emit/shared';
import type { IntegrationPlan } from '../../plan';
import { validateConfigModels } from '../../testing/validate-config-models';
import { collectValues, planNames, planSpecifiers } from './allowed-values';
import { checkPython, type PythonFacts } from './python-check';
import { canonical, compileTypeScript, protoSetterValue, typescriptFacts } from './typescript-check';

/** What one workspace's generated code may contain. */
export interface Allowed {
  strings: Set<string>;
  literals: Set<string>;
  names: Set<string>;
  specifiers: Set<string>;
}

/** A group of generated files and the data they were generated from. */
export interface GeneratedGroup {
  id: string;
  files: GeneratedFile[];
  plans: IntegrationPlan[];
  /** Manifests and configs: every value in them may appear in the code. */
  data: unknown[];
}

export interface GeneratedReport {
  typescriptDiagnostics: string[];
  pythonErrors: string[];
  /** Strings, values, names, imports or statements nobody asked for. */
  unexpected: string[];
  /** A config model that does not import (pydantic 2), or rejects its plugin's config that ajv accepted. */
  configModelErrors: string[];
  files: { typescript: number; python: number; configModels: number; configsValidated: number };
}

const pythonModules = /^(__future__|fastapi|typing|pydantic|farm(\.[a-z_.]+)?|farm_plugins\.[A-Za-z0-9_.]+|importlib)$/;
/** What python-imports.ts writes for a plugin whose alias is a Python keyword. */
const importlibNames = ['importlib', 'import_module'];
const configStatements = new Set(['InterfaceDeclaration', 'TypeAliasDeclaration', 'EnumDeclaration']);

/**
 * Compiles every group's generated code (one TypeScript program, one Python process) and checks
 * that each string, literal value, identifier and import in it is one the emitters' fixed text
 * (`baseline`) or the group's plan and data put there.
 */
export function checkGeneratedCode(
  groups: readonly GeneratedGroup[],
  baseline: Allowed,
  outDir: string,
): GeneratedReport {
  const prefixed = groups.flatMap((g) =>
    g.files.map((f) => ({ group: g, path: `/${g.id}/${f.path}`, contents: f.contents })),
  );
  const ts = prefixed.filter((f) => /\.tsx?$/.test(f.path));
  const py = prefixed.filter((f) => f.path.endsWith('.py'));
  const report: GeneratedReport = {
    typescriptDiagnostics: compileTypeScript(ts),
    pythonErrors: [],
    unexpected: [],
    configModelErrors: [],
    files: { typescript: ts.length, python: py.length, configModels: 0, configsValidated: 0 },
  };
  const allowedOf = new Map(groups.map((g) => [g, allowedFor(g, baseline, outDir)]));
  const flag = (path: string, what: string, value: string) =>
    report.unexpected.push(`${path}: unexpected ${what} ${JSON.stringify(value)}`);

  for (const f of ts) {
    const allowed = allowedOf.get(f.group)!;
    const facts = typescriptFacts(f);
    const declared = new Set(facts.declared);
    facts.strings.filter((s) => !allowed.strings.has(s)).forEach((s) => flag(f.path, 'string', s));
    facts.literals.filter((l) => !literalAllowed(l, allowed)).forEach((l) => flag(f.path, 'value', canonical(l)));
    facts.specifiers.filter((s) => !allowed.specifiers.has(s)).forEach((s) => flag(f.path, 'import', s));
    facts.identifiers
      .filter((n) => !allowed.names.has(n) && !declared.has(n) && !allowed.strings.has(n))
      .forEach((n) => flag(f.path, 'identifier', n));
    if (f.path.endsWith('/generated/config.ts'))
      facts.statements.filter((s) => !configStatements.has(s)).forEach((s) => flag(f.path, 'statement', s));
  }
  const pyFacts = new Map(checkPython(py).map((r) => [r.path, r]));
  for (const f of py) {
    const facts = pyFacts.get(f.path) as PythonFacts;
    if (facts.error) {
      report.pythonErrors.push(`${f.path}: ${facts.error}`);
      continue;
    }
    const allowed = allowedOf.get(f.group)!;
    const defined = new Set(facts.defined);
    facts.strings!.filter((s) => !allowed.strings.has(s)).forEach((s) => flag(f.path, 'string', s));
    facts
      .literals!.map((l) => JSON.parse(l) as unknown)
      .filter((l) => !literalAllowed(l, allowed))
      .forEach((l) => flag(f.path, 'value', canonical(l)));
    facts.names!.filter((n) => !allowed.names.has(n) && !defined.has(n)).forEach((n) => flag(f.path, 'name', n));
    facts.imports!.filter((m) => !pythonModules.test(m)).forEach((m) => flag(f.path, 'import', m));
    facts.shadowing!.forEach((n) => flag(f.path, 'class attribute shadowing a module name', n));
  }
  checkConfigModels(py, report);
  return report;
}

/**
 * Imports every generated config_model.py with pydantic 2 (one process) and validates with it
 * the config its plugin was planned with: ajv accepted that config, so the model must too.
 */
function checkConfigModels(
  py: readonly { group: GeneratedGroup; path: string; contents: string }[],
  report: GeneratedReport,
): void {
  const models = py.filter((f) => f.path.endsWith('/generated/config_model.py'));
  const configsOf = (f: (typeof models)[number]) => {
    const root = f.path.slice(`/${f.group.id}/`.length, -'/generated/config_model.py'.length);
    const planned = f.group.plans.flatMap((plan) => plan.plugins).find((p) => p.root === root);
    return planned ? [planned.config] : [];
  };
  const checks = models.map((f) => ({ source: f.contents, configs: configsOf(f) }));
  report.files.configModels = models.length;
  report.files.configsValidated = checks.reduce((n, c) => n + c.configs.length, 0);
  validateConfigModels(checks).forEach((result, i) => {
    const model = models[i]!; // one result per model sent
    if (result.error) report.configModelErrors.push(`${model.path}: does not import: ${result.error}`);
    for (const outcome of result.results) {
      if ('rejected' in outcome)
        report.configModelErrors.push(
          `${model.path}: rejects the config ajv accepted (${outcome.rejected.join(', ')}): ${JSON.stringify(checks[i]!.configs[0])}`,
        );
    }
  });
}

/**
 * A literal in generated code is allowed when it is a value of the input (or the emitters' own),
 * or an array / object built only of such values and keys (the emitters assemble lists of plugin
 * names, tags …). A prototype-setting `__proto__:` key is never allowed: it is not data.
 */
function literalAllowed(value: unknown, allowed: Allowed): boolean {
  if (value === protoSetterValue) return false;
  if (allowed.literals.has(canonical(value))) return true;
  if (Array.isArray(value)) return value.every((v) => literalAllowed(v, allowed));
  if (value && typeof value === 'object')
    return Object.entries(value).every(([k, v]) => allowed.strings.has(k) && literalAllowed(v, allowed));
  return false;
}

function allowedFor(group: GeneratedGroup, baseline: Allowed, outDir: string): Allowed {
  const allowed: Allowed = {
    strings: new Set(baseline.strings),
    literals: new Set(baseline.literals),
    names: new Set([...baseline.names, ...importlibNames]),
    specifiers: new Set(baseline.specifiers),
  };
  for (const value of [...group.plans, ...group.data]) collectValues(value, allowed);
  for (const plan of group.plans) {
    for (const n of planNames(plan)) allowed.names.add(n);
    for (const s of planSpecifiers(plan, outDir)) allowed.specifiers.add(s);
    // vite-plugins.ts names each module by its path from the generated folder (a string, not an import).
    for (const v of plan.frontend.vitePlugins) {
      const path = posix.relative(outDir, v.module);
      const fromHere = path.startsWith('../') ? path : `./${path}`;
      allowed.strings.add(fromHere);
      allowed.literals.add(canonical(fromHere));
    }
  }
  return allowed;
}

/** The fixed vocabulary of the emitters: everything in code generated from benign input. */
export function baselineOf(files: readonly GeneratedFile[]): Allowed {
  const baseline: Allowed = { strings: new Set(), literals: new Set(), names: new Set(), specifiers: new Set() };
  for (const f of files.filter((x) => /\.tsx?$/.test(x.path))) {
    const facts = typescriptFacts({ path: f.path, contents: f.contents });
    facts.strings.forEach((s) => baseline.strings.add(s));
    facts.literals.forEach((l) => baseline.literals.add(canonical(l)));
    facts.identifiers.forEach((n) => baseline.names.add(n));
  }
  for (const facts of checkPython(
    files.filter((x) => x.path.endsWith('.py')).map((f) => ({ path: f.path, contents: f.contents })),
  )) {
    if (facts.error) throw new Error(`baseline does not compile: ${facts.path}: ${facts.error}`);
    facts.strings!.forEach((s) => baseline.strings.add(s));
    facts.literals!.forEach((l) => baseline.literals.add(canonical(JSON.parse(l))));
    facts.names!.forEach((n) => baseline.names.add(n));
  }
  return baseline;
}
