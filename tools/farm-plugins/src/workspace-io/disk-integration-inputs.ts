import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IntegrateInput } from '../core/integrate';
import type { FarmState } from '../core/state';
import { configVerdictFile, type ConfigVerdictFile } from './config-verdict-file';
import { diskWorkspace } from './disk-workspace';
import { detectRuntimes } from './runtimes';

export type DiskIntegrationInputs = Pick<IntegrateInput, 'exists' | 'runtimes' | 'installedPackages'> & {
  configVerdicts: ConfigVerdictFile;
};

/**
 * What integrateHost asks of the machine, answered from the disk: which files exist, the runtimes,
 * the app's installed npm packages, and ajv's kept verdicts (call `configVerdicts.save()` after).
 */
export function diskIntegrationInputs(workspaceRoot: string, state: FarmState): DiskIntegrationInputs {
  return {
    exists: diskWorkspace(workspaceRoot).exists,
    runtimes: detectRuntimes(state.manifests.some((m) => m.manifest.pythonVersion)),
    installedPackages: (name) => installedPackageVersion(workspaceRoot, name),
    configVerdicts: configVerdictFile(workspaceRoot),
  };
}

function installedPackageVersion(workspaceRoot: string, name: string): string | undefined {
  try {
    return JSON.parse(readFileSync(join(workspaceRoot, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}
