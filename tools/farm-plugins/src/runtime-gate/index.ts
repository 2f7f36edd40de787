export { checkBackendAtRuntime } from './check-backend-at-runtime';
export { importFailureProblems, urlOwnershipProblems } from './gate-problems';
export { runBackendGate, type GateOutcome, type GateRoute } from './run-backend-gate';
export { frontendRouteOwnershipProblems } from './frontend-route-ownership';
