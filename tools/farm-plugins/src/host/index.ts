export { diskHost, type DiskHost } from './disk-host';
export { reportProblems } from './report-problems';
export { writeGeneratedFiles, type WriteReport } from './write-generated-files';
export { detectRuntimes, pythonExecutable } from './runtimes';
export { treeHost } from './tree-host';
