export { buildIntegrationPlan, type PlanInput, type PlanPart } from './build-integration-plan';
export { entryNameProblems, localName } from './entry-names';
export { normalizePackageName } from './plan-backend';
export { isScriptFile, pythonModuleOf, relativeImport, resolvePluginPath } from './plugin-paths';
export { vitePluginModuleProblem } from './vite-plugin-module';
export type * from './types';
