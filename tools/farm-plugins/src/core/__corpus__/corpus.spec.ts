import type { PythonReport } from '../analyze';
import { runPythonInline } from '../analyze/testing/analyze-in-memory';
import { formatProblems, type FarmProblem } from '../errors';
import { maxJsonDepth, stripByteOrderMark } from '../json';
import { loadManifest, maxManifestBytes, type FarmPluginManifest } from '../manifest';
import { kitchenSink } from '../testing/plan-fixtures';
import {
  checkGeneratedCode,
  baselineOf,
  type Allowed,
  type GeneratedGroup,
  type GeneratedReport,
} from './harness/check-generated';
import { caseWorkspace, loadCorpusCases, type CorpusCase } from './harness/corpus-case';
import { ManifestFuzzer, prng } from './harness/fuzz-manifests';
import { emitConfigTypesBatch } from './harness/emit-config-types-batch';
import { outDirs, runPipeline, type PipelineResult } from './harness/run-pipeline';

const errorCodes = (problems: readonly FarmProblem[]) =>
  [...new Set(problems.filter((p) => p.severity === 'error').map((p) => p.code))].sort();
const warningCodes = (problems: readonly FarmProblem[]) =>
  [...new Set(problems.filter((p) => p.severity === 'warning').map((p) => p.code))].sort();

/** Workspace data whose every value may legitimately reach generated code. */
function dataOf(files: ReadonlyMap<string, string>): unknown[] {
  return [...files]
    .filter(([f]) => f.endsWith('.json'))
    .flatMap(([, text]) => {
      try {
        return [JSON.parse(stripByteOrderMark(text))];
      } catch {
        return [];
      }
    });
}

/** validate + integrate per workspace, then typegen for all of them in one child process. */
function runAll(
  workspaces: readonly ReadonlyMap<string, string>[],
  python?: readonly PythonReport[],
  exists?: (file: string) => boolean,
): PipelineResult[] {
  const results = workspaces.map((files, i) => runPipeline(files, python?.[i], exists));
  const jobs = results.flatMap((r, i) => r.typegen.map((job) => ({ i, job })));
  emitConfigTypesBatch(jobs.map((j) => j.job)).forEach((outcome, k) => {
    const r = results[jobs[k]!.i];
    if ('error' in outcome) r!.refused.push(`typegen ${outcome.error}`);
    else r!.generated.push(...outcome.files);
  });
  return results;
}

/** The emitters' fixed vocabulary: what they write for the kitchen-sink plugins and a rich config schema. */
async function emitterBaseline(): Promise<Allowed> {
  const rich: Partial<FarmPluginManifest> & { name: string } = {
    name: '@farm/rich',
    configSchema: {
      type: 'object',
      description: 'rich',
      additionalProperties: false,
      properties: {
        s: { type: 'string', default: 'x', description: 'd' },
        n: { type: ['number', 'null'] },
        i: { type: 'integer', enum: [1, 2] },
        j: { type: 'integer' },
        'not-an-identifier': { type: 'string' },
        b: { type: 'boolean', default: true },
        a: { type: 'array', items: { type: 'string' } },
        o: { type: 'object', properties: { deep: { type: 'string' } }, additionalProperties: true },
        m: { type: 'object' },
        any: {},
        // An enum Literal cannot hold (the membership helper), $defs / definitions, a cycle (model_rebuild).
        e: { enum: [{ k: 'v' }] },
        // A key TypeScript's Object declares: typed with the inherited member too (`Object["toString"]`).
        toString: { type: 'string' },
        d: { $ref: '#/$defs/node' },
        f: { $ref: '#/definitions/leaf' },
      },
      $defs: {
        node: { type: 'object', properties: { up: { $ref: '#/$defs/up' } } },
        up: { type: 'object', properties: { node: { $ref: '#/$defs/node' } } },
      },
      definitions: { leaf: { type: 'object', properties: { v: { type: 'string' } } } },
    },
  };
  const files = caseWorkspace({
    plugins: Object.fromEntries([...kitchenSink, rich].map((m) => [m.name.split('/')[1]!.replace(/^plugin-/, ''), m])),
  });
  const [result] = runAll([files], undefined, (f) => !f.includes('/pages/'));
  if (result!.problems.some((p) => p.severity === 'error') || result!.refused.length)
    throw new Error(`baseline rejected: ${formatProblems(result!.problems)} ${result!.refused}`);
  return baselineOf(result!.generated);
}

describe('hostile-input corpus', () => {
  const cases = loadCorpusCases();
  const results = new Map<string, PipelineResult>();
  let generated: GeneratedReport;

  beforeAll(async () => {
    const workspaces = cases.map((c) => caseWorkspace(c));
    // One analyzer process for the Python of every case; its reports come back in order.
    const pyFiles = workspaces.map((files) =>
      [...files]
        .filter(([f]) => f.startsWith('libs/plugins/') && f.endsWith('.py'))
        .map(([path, text]) => ({ path, text })),
    );
    const reports = runPythonInline(pyFiles.flat()).files;
    let at = 0;
    const python = pyFiles.map((list): PythonReport => ({ files: reports.slice(at, (at += list.length)) }));
    runAll(workspaces, python).forEach((r, i) => results.set(cases[i]!.name, r));
    const groups: GeneratedGroup[] = cases.map((c, i) => ({
      id: c.name,
      files: results.get(c.name)!.generated,
      plans: results.get(c.name)!.plans,
      data: dataOf(workspaces[i]!),
    }));
    generated = checkGeneratedCode(groups, await emitterBaseline(), outDirs.frontend);
  }, 120_000);

  it('has at least 40 cases, each expecting exact error codes', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    for (const c of cases) expect(Array.isArray(c.expect) && c.description.length > 10).toBe(true);
  });

  const checkCase = (c: CorpusCase) => {
    const result = results.get(c.name)!;
    const detail = `${c.description}\n${formatProblems(result.problems)}\n${result.refused.join('\n')}`;
    expect({ errors: errorCodes(result.problems), detail }).toEqual({ errors: [...c.expect].sort(), detail });
    for (const w of c.warnings ?? []) expect(warningCodes(result.problems)).toContain(w);
    // Every problem says where: a file, and a line or a JSON pointer.
    for (const p of result.problems)
      expect(p.file && (p.line !== undefined || p.pointer !== undefined) ? 'located' : formatProblems([p])).toBe(
        'located',
      );
    // An emitter may refuse a value only when validation has already rejected it.
    if (result.refused.length) expect(c.expect).toContain('FARM_E087');
  };
  const withName = (list: CorpusCase[]) => list.map((c) => [c.name, c] as [string, CorpusCase]);
  it.each(withName(cases.filter((c) => !c.knownBug)))('%s', (_name, c) => checkCase(c));
  // Known bugs outside this change, each named in its case file: these turn red once fixed.
  it.failing.each(withName(cases.filter((c) => c.knownBug)))('%s (known bug)', (_name, c) => checkCase(c));

  it('generates TypeScript that type-checks (tsc, strict, stub modules for imports)', () => {
    expect(generated.files.typescript).toBeGreaterThan(50);
    expect(generated.typescriptDiagnostics).toEqual([]);
  });

  it('generates Python that compiles (py_compile, one process)', () => {
    expect(generated.files.python).toBeGreaterThan(50);
    expect(generated.pythonErrors).toEqual([]);
  });

  it('generates nothing the manifests did not say', () => {
    expect(generated.unexpected).toEqual([]);
  });

  it('generates config models that import with pydantic 2 and accept the configs ajv accepted', () => {
    expect(generated.files.configModels).toBeGreaterThan(50);
    expect(generated.files.configsValidated).toBeGreaterThan(10);
    expect(generated.configModelErrors).toEqual([]);
  });

  it('refuses a 10 MB manifest before parsing it (FARM_E004)', () => {
    const padding = 'x'.repeat(10 * 1024 * 1024);
    const text = JSON.stringify({
      name: '@corpus/huge',
      version: '1.0.0',
      description: padding,
      author: 'a',
      license: 'MIT',
      farmVersion: '^1.0.0',
    });
    expect(text.length).toBeGreaterThan(10 * 1024 * 1024);
    const started = Date.now();
    const { loaded, problems } = loadManifest(text, 'libs/plugins/huge/plugin.json');
    expect(loaded).toBeUndefined();
    expect(problems.map((p) => p.code)).toEqual(['FARM_E004']);
    expect(problems[0]!.message).toContain(`the limit is ${maxManifestBytes}`);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it.each([
    [
      'a 1,000-deep configSchema',
      `${'{"type":"object","properties":{"a":'.repeat(1000)}{"type":"string"}${'}}'.repeat(1000)}`,
      'configSchema',
    ],
    ['2,000-deep component props', `${'['.repeat(2000)}${']'.repeat(2000)}`, 'props'],
  ])('refuses %s with a located FARM_E008 instead of overflowing the stack', (_what, deep, where) => {
    const field =
      where === 'configSchema'
        ? `"configSchema":${deep}`
        : `"frontend":{"components":{"X":{"path":"./X.tsx","props":${deep}}}}`;
    const text = `{"name":"@corpus/deep","version":"1.0.0","description":"d","author":"a","license":"MIT","farmVersion":"^1.0.0",${field}}`;
    expect(text.length).toBeLessThan(maxManifestBytes);
    const { loaded, problems } = loadManifest(text, 'libs/plugins/deep/plugin.json');
    expect(loaded).toBeUndefined();
    expect(problems.map((p) => p.code)).toEqual(['FARM_E008']);
    expect(problems[0]!.pointer).toMatch(
      where === 'configSchema'
        ? /^\/configSchema(\/properties\/a){99}\/properties$/
        : /^\/frontend\/components\/X\/props(\/0){196}$/,
    );
    expect(problems[0]!.plugin).toBe('@corpus/deep');
  });

  it(`accepts a manifest nested exactly ${maxJsonDepth} levels deep`, () => {
    const text = `{"name":"@corpus/deep","version":"1.0.0","description":"d","author":"a","license":"MIT","farmVersion":"^1.0.0","defaultConfig":{"x":${'['.repeat(maxJsonDepth - 2)}${']'.repeat(maxJsonDepth - 2)}}}`;
    expect(loadManifest(text, 'libs/plugins/deep/plugin.json').problems.map((p) => p.code)).not.toContain('FARM_E008');
  });
});

describe('fuzz: generated code from hostile names and strings', () => {
  const seed = Number(process.env.FARM_FUZZ_SEED ?? 20261125);
  const fuzzer = new ManifestFuzzer(prng(seed));
  const outcomes: { accepted: boolean; refused: string[] }[] = [];
  let generated: GeneratedReport;

  beforeAll(async () => {
    const workspaces = Array.from({ length: 60 }, (_, w) => {
      const manifests = Array.from({ length: 1 + fuzzer.int(3) }, (_, i) => fuzzer.manifest(w * 10 + i));
      // Folders must match package names, or the plugin is (rightly) rejected with FARM_E006.
      return caseWorkspace({
        plugins: Object.fromEntries(
          manifests.map((m) => [m.name.replace(/^@[^/]+\//, '').replace(/^(farm-)?plugin-(?=.)/, ''), m]),
        ),
      });
    });
    const results = runAll(workspaces, undefined, (f) => !f.includes('/pages/'));
    const groups: GeneratedGroup[] = results.map((result, w) => {
      outcomes.push({ accepted: result.plans.length === 2, refused: result.refused });
      return { id: `fuzz-${w}`, files: result.generated, plans: result.plans, data: dataOf(workspaces[w]!) };
    });
    generated = checkGeneratedCode(groups, await emitterBaseline(), outDirs.frontend);
  }, 240_000);

  it(`uses at least 1,000 generated names and strings (seed ${seed})`, () => {
    expect(fuzzer.stats.names + fuzzer.stats.strings).toBeGreaterThanOrEqual(1000);
  });

  it('gets enough inputs accepted for the compile checks to mean something', () => {
    expect(outcomes.filter((o) => o.accepted).length).toBeGreaterThanOrEqual(15);
  });

  it('never makes an emitter throw', () => {
    expect(outcomes.flatMap((o) => o.refused)).toEqual([]);
  });

  it('generates TypeScript that type-checks', () => {
    expect(generated.typescriptDiagnostics).toEqual([]);
  });

  it('generates Python that compiles', () => {
    expect(generated.pythonErrors).toEqual([]);
  });

  it('generates no string, value, name or import the manifests did not say', () => {
    expect(generated.unexpected).toEqual([]);
  });

  it('generates config models that import with pydantic 2 and accept the configs ajv accepted', () => {
    expect(generated.files.configsValidated).toBeGreaterThanOrEqual(15);
    expect(generated.configModelErrors).toEqual([]);
  });
});
