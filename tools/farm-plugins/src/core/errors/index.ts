export { errorCatalogue, type FarmErrorCode } from './catalogue';
export { FarmError, formatProblem, formatProblems, hasErrors, problem, throwIfErrors, type FarmProblem, type Severity } from './farm-problem';
