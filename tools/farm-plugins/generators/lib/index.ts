export { diskFiles, treeFiles } from './tree-files';
export { pluginIntegrity } from './integrity';
export { analyzePluginsInTree } from './analyze-in-tree';
export { hookTimeoutMs, pluginContext, runLifecycleHooks, type LifecycleHook, type PluginContext } from './lifecycle';
export { createPluginCodeCopy, type PluginCode, type PluginCodeCopy } from './plugin-code-copy';
export { reintegrateHosts } from './reintegrate';
export { findInstalled, readFarmWorkspace, writeFarmWorkspace } from './workspace-file';
