export { buildIntegrationPlan, type PlanInput, type PlanPart } from './build-integration-plan';
export { normalizePackageName } from './plan-backend';
export { isScriptFile, pythonModuleOf, relativeImport, resolvePluginPath } from './plugin-paths';
export type * from './types';
