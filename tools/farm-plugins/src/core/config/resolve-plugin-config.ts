import type { ValidateFunction } from 'ajv';
import { problem, type FarmProblem } from '../errors';
import { toPointer, type JsonDocument } from '../json';
import type { FarmPluginManifest } from '../manifest';
import { schemaErrorsToProblems, sharedAjv } from '../schema';
import { workspaceFile } from '../workspace';
import { applyConfigDefaults, mergeConfig } from './apply-config-defaults';
import { configVerdictDigest, type ConfigVerdicts } from './config-verdicts';

const compiled = new WeakMap<object, ValidateFunction>();

/**
 * A plugin's effective config: schema defaults ← manifest defaultConfig ← workspace.json config,
 * validated against the plugin's configSchema by ajv (or by ajv's earlier verdict, `verdicts`).
 */
export function resolvePluginConfig(
  manifest: FarmPluginManifest,
  userConfig: Record<string, unknown> | undefined,
  at: {
    workspaceDocument?: JsonDocument;
    verdicts?: ConfigVerdicts;
    manifestFile?: string;
    manifestDocument?: JsonDocument;
  } = {},
): { config: Record<string, unknown>; problems: FarmProblem[] } {
  const merged = mergeConfig(manifest.defaultConfig ?? {}, userConfig ?? {}) as Record<string, unknown>;
  const schema = manifest.configSchema;
  if (!schema) return { config: merged, problems: [] };
  const config = (applyConfigDefaults(merged, schema) ?? {}) as Record<string, unknown>;
  const digest = at.verdicts && configVerdictDigest(schema, config);
  if (digest && at.verdicts!.has(digest)) return { config, problems: [] };
  let validate = compiled.get(schema);
  if (!validate) {
    try {
      validate = sharedAjv().compile(schema);
    } catch (error) {
      const where = {
        plugin: manifest.name,
        file: at.manifestFile,
        pointer: '/configSchema',
        ...at.manifestDocument?.locate('/configSchema'),
      };
      return {
        config,
        problems: [problem('FARM_E005', `configSchema does not compile: ${(error as Error).message}`, where)],
      };
    }
    compiled.set(schema, validate);
  }
  if (validate(config)) {
    if (digest) at.verdicts!.add(digest);
    return { config, problems: [] };
  }
  const prefix = toPointer(['plugins', manifest.name, 'config']);
  return {
    config,
    problems: schemaErrorsToProblems(validate.errors ?? [], {
      code: 'FARM_E040',
      file: workspaceFile,
      plugin: manifest.name,
      document: at.workspaceDocument,
      rootSchema: schema,
      pointerPrefix: prefix,
    }),
  };
}
