import { compileTypeScript } from '../__corpus__/harness/typescript-check';
import { resolvePluginConfig } from '../config';
import { emitPydanticConfig, emitTypescriptConfig } from '../emit/config-types';
import { tsLiteral } from '../emit/shared';
import { loadManifest, type FarmPluginManifest } from '../manifest';
import type { ConfigCase } from './config-cases';
import { validateConfigModels, type ConfigResult } from './validate-config-models';

/** Where the two languages (or the TypeScript type) read one config differently. */
export interface Disagreement {
  kind: 'typegen' | 'import' | 'verdict' | 'value' | 'refill' | 'typescript';
  case: string;
  /** Index of the config in the case. */
  config?: number;
  detail: string;
}

export interface DifferentialReport {
  schemas: number;
  /** Schemas FARM refuses before any config is read (the manifest check, ajv cannot compile). */
  refusedSchemas: number;
  configs: number;
  /** Configs integrate accepts (after filling in defaults) and refuses. */
  accepted: number;
  refused: number;
  disagreements: Disagreement[];
}

const run = 'nx run differential:typegen';

/**
 * The differential test of issue 14 over generated cases: for every config, integrate's verdict
 * (defaults filled, then ajv) equals the generated pydantic model's, the filled config equals the
 * model's `model_dump(by_alias=True)`, the model reads the filled config back unchanged, and the
 * filled config type-checks as the generated TypeScript `PluginConfig`. Python runs once for all
 * cases, the TypeScript compiler once.
 */
export async function runConfigDifferential(cases: readonly ConfigCase[]): Promise<DifferentialReport> {
  const report: DifferentialReport = {
    schemas: cases.length,
    refusedSchemas: 0,
    configs: 0,
    accepted: 0,
    refused: 0,
    disagreements: [],
  };
  const disagree = (d: Disagreement) => report.disagreements.push(d);
  const checked: { c: ConfigCase; filled: unknown[]; valid: boolean[]; pydantic: string; typescript: string }[] = [];

  for (const c of cases) {
    const manifest = farmManifest(c);
    if (!manifest) {
      report.refusedSchemas++;
      continue;
    }
    const verdicts = c.configs.map((config) => resolvePluginConfig(manifest, config as Record<string, unknown>));
    // A schema ajv cannot compile is refused (FARM_E005) for every config alike.
    if (verdicts.some((v) => v.problems.some((p) => p.code === 'FARM_E005'))) {
      report.refusedSchemas++;
      continue;
    }
    let pydantic: string;
    let typescript: string;
    try {
      pydantic = emitPydanticConfig(c.schema, run);
      typescript = await emitTypescriptConfig(c.schema, run);
    } catch (error) {
      disagree({
        kind: 'typegen',
        case: c.id,
        detail: `typegen throws for a schema integrate accepts: ${(error as Error).message.split('\n')[0]}`,
      });
      continue;
    }
    const valid = verdicts.map((v) => v.problems.length === 0);
    report.configs += c.configs.length;
    report.accepted += valid.filter(Boolean).length;
    report.refused += valid.filter((v) => !v).length;
    checked.push({ c, filled: verdicts.map((v) => v.config), valid, pydantic, typescript });
  }

  const python = validateConfigModels(
    checked.map(({ c, filled, valid, pydantic }) => ({
      source: pydantic,
      configs: [...c.configs, ...filled.filter((_, i) => valid[i])],
    })),
  );
  checked.forEach(({ c, filled, valid }, k) => {
    const result = python[k]!; // one result per model sent
    if (result.error) {
      disagree({
        kind: 'import',
        case: c.id,
        detail: `the generated model does not import: ${result.error.trim().split('\n').pop()}`,
      });
      return;
    }
    const refills = result.results.slice(c.configs.length);
    c.configs.forEach((_config, i) => {
      const model = result.results[i]!; // one result per config sent
      const modelAccepts = 'value' in model;
      if (modelAccepts !== valid[i]) {
        disagree({
          kind: 'verdict',
          case: c.id,
          config: i,
          detail: `integrate ${valid[i] ? 'accepts' : 'refuses'}, pydantic ${modelAccepts ? 'accepts' : `refuses (${(model as { rejected: string[] }).rejected.join(', ')})`}`,
        });
        return;
      }
      if (!valid[i]) return;
      if (!sameJson(filled[i], (model as { value: unknown }).value))
        disagree({
          kind: 'value',
          case: c.id,
          config: i,
          detail: `integrate fills ${json(filled[i])}, pydantic dumps ${json((model as { value: unknown }).value)}`,
        });
      const refill: ConfigResult = refills.shift()!;
      if (!('value' in refill) || !sameJson(filled[i], refill.value))
        disagree({
          kind: 'refill',
          case: c.id,
          config: i,
          detail: `pydantic reads the filled config ${json(filled[i])} as ${json(refill)}`,
        });
    });
  });

  report.disagreements.push(...typescriptDisagreements(checked));
  return report;
}

/** The case's manifest as `add` would load it, or undefined when loading refuses it. */
function farmManifest(c: ConfigCase): FarmPluginManifest | undefined {
  const manifest = {
    name: '@farm/differential',
    version: '1.0.0',
    description: 'differential test',
    author: 'tests',
    license: 'MIT',
    farmVersion: '^1.0.0',
    configSchema: c.schema,
  };
  const { loaded, problems } = loadManifest(JSON.stringify(manifest), 'libs/plugins/differential/plugin.json');
  return loaded && !problems.some((p) => p.severity === 'error') ? loaded.manifest : undefined;
}

/** Each accepted, filled config assigned to the generated `PluginConfig`, one file per case, one compiler run. */
function typescriptDisagreements(
  checked: readonly { c: ConfigCase; filled: unknown[]; valid: boolean[]; typescript: string }[],
): Disagreement[] {
  const lineOf = new Map<string, { case: string; config: number }>();
  const files = checked.map(({ c, filled, valid, typescript }, k) => {
    const path = `/differential/case${k}.ts`;
    const lines = [typescript];
    let line = typescript.split('\n').length + 1;
    filled.forEach((config, i) => {
      if (!valid[i]) return;
      lineOf.set(`${path}:${line}`, { case: c.id, config: i });
      lines.push(`export const config${i}: PluginConfig = ${tsLiteral(config)};`);
      line++;
    });
    return { path, contents: `${lines.join('\n')}\n` };
  });
  return compileTypeScript(files).map((diagnostic) => {
    const [, path, line] = /^([^:]*):(\d+):/.exec(diagnostic) ?? [];
    const at = lineOf.get(`${path}:${line}`);
    return { kind: 'typescript', case: at?.case ?? path ?? '?', config: at?.config, detail: diagnostic };
  });
}

/** Equal as JSON texts read back (Python's 3.0 is JavaScript's 3), key order included. */
function sameJson(a: unknown, b: unknown): boolean {
  return json(a) === json(b);
}

function json(value: unknown): string {
  return JSON.stringify(value) ?? 'undefined';
}
