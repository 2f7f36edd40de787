export { parseWorkspaceFile, serializeWorkspaceFile } from './parse-workspace-file';
export {
  workspaceFile,
  type FarmWorkspace,
  type InstalledPlugin,
  type PluginSourceType,
  type SecurityPolicy,
} from './types';
