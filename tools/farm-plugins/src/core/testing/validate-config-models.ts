import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pythonExecutable } from '../../workspace-io/runtimes';

/** One generated config_model.py and the configs to validate with its `PluginConfig`. */
export interface ConfigModelCheck {
  source: string;
  configs: unknown[];
}

/** Per config: the model's dump (by alias), or the pydantic error types that rejected it. */
export type ConfigResult = { value: unknown } | { rejected: string[] };

export interface ConfigModelResult {
  /** The traceback when the module did not import, or warned while importing. */
  error?: string;
  results: ConfigResult[];
}

/**
 * Tests: imports each generated module with the backend's Python and pydantic (the workspace's
 * .venv, or $FARM_PYTHON) and validates its configs — one process for all of them.
 */
export function validateConfigModels(modules: readonly ConfigModelCheck[]): ConfigModelResult[] {
  if (!modules.length) return [];
  const run = spawnSync(pythonExecutable, [join(__dirname, 'validate_config_models.py')], {
    input: JSON.stringify({ modules }),
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  if (run.status !== 0)
    throw new Error(`validate_config_models.py failed (${pythonExecutable}): ${run.stderr || run.error?.message}`);
  return JSON.parse(run.stdout) as ConfigModelResult[];
}
