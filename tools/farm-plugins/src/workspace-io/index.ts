export { diskWorkspace, type DiskWorkspace } from './disk-workspace';
export { diskIntegrationInputs, type DiskIntegrationInputs } from './disk-integration-inputs';
export { configVerdictFile, configVerdictPath, type ConfigVerdictFile } from './config-verdict-file';
export { readTextOrNull } from './read-text';
export { formatBySeverity, reportProblems } from './report-problems';
export { writeGeneratedFiles, type WriteReport } from './write-generated-files';
export { detectRuntimes, pythonExecutable } from './runtimes';
export { treeWorkspace } from './tree-workspace';
