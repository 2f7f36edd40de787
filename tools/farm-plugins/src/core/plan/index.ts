export { buildIntegrationPlan, type PlanInput, type PlanPart } from './build-integration-plan';
export { entryNameProblems, localName } from './entry-names';
export { normalizePackageName } from '../kinds/backend/requirements';
export { isScriptFile, pythonModuleOf, relativeImport, resolvePluginPath } from './plugin-paths';
export { vitePluginModuleProblem } from '../kinds/frontend/vite-plugins';
export type * from './types';
