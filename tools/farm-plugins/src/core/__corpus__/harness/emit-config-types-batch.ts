import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { GeneratedFile } from '../../emit/shared';

export interface TypegenJob {
  /** plugin.json text and its workspace-relative path. */
  text: string;
  file: string;
}

export type TypegenOutcome = { files: GeneratedFile[] } | { error: string };

const workspaceRoot = join(__dirname, '../../../../../..');

/**
 * The real typegen emitter (emitConfigTypes) over many manifests, in one child Node process:
 * json-schema-to-typescript formats with prettier, which loads ES modules that jest's VM cannot.
 */
export function emitConfigTypesBatch(jobs: readonly TypegenJob[]): TypegenOutcome[] {
  if (!jobs.length) return [];
  const run = spawnSync(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'emit-config-types-main.ts')], {
    cwd: workspaceRoot,
    input: JSON.stringify(jobs),
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
    env: { ...process.env, SWC_NODE_PROJECT: join(workspaceRoot, 'tools/farm-plugins/tsconfig.json') },
  });
  if (run.status !== 0) throw new Error(`typegen batch failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as TypegenOutcome[];
}
