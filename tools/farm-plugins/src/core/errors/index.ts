export { errorCatalogue, type FarmErrorCode } from './catalogue';
export {
  dedupeProblems,
  FarmError,
  formatProblem,
  formatProblems,
  hasErrors,
  problem,
  throwIfErrors,
  type FarmProblem,
  type Severity,
} from './farm-problem';
