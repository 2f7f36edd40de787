export { diskFiles, treeFiles } from './tree-files';
export { pluginIntegrity } from './integrity';
export { loadLifecycleHooks, pluginContext, runLifecycleHook, type LifecycleHook, type PluginContext } from './lifecycle';
export { reintegrateHosts } from './reintegrate';
export { findInstalled, readFarmWorkspace, writeFarmWorkspace } from './workspace-file';
