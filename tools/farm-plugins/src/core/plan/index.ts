export { buildIntegrationPlan, type PlanInput } from './build-integration-plan';
export { isScriptFile, pythonModuleOf, relativeImport, resolvePluginPath } from './plugin-paths';
export type * from './types';
