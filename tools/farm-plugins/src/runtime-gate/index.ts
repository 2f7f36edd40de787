export { checkBackendAtRuntime } from './check-backend-at-runtime';
export { importFailureProblems, urlOwnershipProblems } from './gate-problems';
export { startupFailureProblems } from './plugin-effects';
export { runBackendGate, type GateOutcome, type GateRoute } from './run-backend-gate';
export { frontendRouteOwnershipProblems } from './frontend-route-ownership';
export { routePathProblems, routePathRefusal } from './frontend-route-syntax';
export { askGateOnce, GateSession, type GateReport, type GateRequest, type GateSessionOptions } from './gate-session';
export {
  judgePluginsAtRuntime,
  undeclaredImportProblems,
  type BackendHost,
  type GateAsk,
  type PluginAtGate,
} from './validate-backend';
export { checkFrontendTypes } from './check-frontend-types';
export { checkFrontendAssets, frontendAssetProblems } from './frontend-assets';
export { frontendTypeProblems, pluginsWithChangedLines, type FrontendTypecheckInput } from './frontend-typecheck';
export { judgeFrontendTypes, judgeFrontendTypesInWorker, type FrontendHost } from './validate-frontend';
