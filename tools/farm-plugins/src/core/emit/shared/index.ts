export { generatedHeader, isPythonIdentifier, isTsIdentifier, pyLiteral, pyString, tsLiteral, tsString } from './code-strings';
export type { GeneratedFile } from './generated-file';
