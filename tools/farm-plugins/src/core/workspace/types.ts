/**
 * workspace.json's types under the names the code uses. They are generated from
 * workspace.schema.json (generated/farm-workspace.ts, by scripts/precompile-schemas.js); this file
 * only names parts of them, so a schema change reaches every use and nothing is mirrored by hand
 * (issue 15).
 */
import type { InstalledPlugin } from './generated/farm-workspace';

/** workspace.json: the spec's FarmConfig — host version, installed plugins, security policy. */
export type { FarmWorkspace, InstalledPlugin, SecurityPolicy } from './generated/farm-workspace';

/** How an installed plugin was obtained (workspace.json `plugins.<name>.source.type`). */
export type PluginSourceType = InstalledPlugin['source']['type'];

export const workspaceFile = 'workspace.json';
