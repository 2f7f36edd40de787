export { analyzePluginCode, type PluginCodeInput } from './analyze-plugin-code';
export { domainAllowed, domainCovers, hostOfUrl, isLoopback, patternWithin } from './hosts';
export { isCoveredBy, isInsideFolder } from './paths/code-paths';
export {
  checkDeclaredPaths,
  declaredFileCompanions,
  declaredFiles,
  declaredPaths,
  type DeclaredKind,
  type DeclaredPath,
  type DeclaredPathResolution,
} from './paths/declared-paths';
export {
  parsePythonReport,
  pythonAnalyzerScript,
  type PythonAnalyzerRequest,
  type PythonFileReport,
  type PythonReport,
} from './python/python-report';
export { ruleCodes, ruleIds } from './rules';
export { scriptExtensions } from './script/script-project';
export {
  emptyUsage,
  type CodeUsage,
  type PluginCodeAnalysis,
  type RawFinding,
  type RuleId,
  type SourceText,
} from './types';
