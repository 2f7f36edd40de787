export { validatePlugin, type ValidateOptions } from './validate-plugin';
export { candidateHost, type CandidateHost } from './candidate-host';
export {
  normalizeDistribution,
  undeclaredPluginImports,
  undeclaredPythonImports,
  type PythonEnvironmentFacts,
  type PythonImportFact,
} from './python-imports';
