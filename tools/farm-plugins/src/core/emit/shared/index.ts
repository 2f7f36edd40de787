export {
  generatedHeader,
  isPythonIdentifier,
  isTsIdentifier,
  literalDepth,
  LiteralTooDeepError,
  maxLiteralDepth,
  pyLiteral,
  pyString,
  tsLiteral,
  tsString,
} from './code-strings';
export type { EmitOptions, GeneratedFile } from './generated-file';
