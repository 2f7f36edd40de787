export {
  escapePointer,
  parseJsonDocument,
  pointerSegments,
  repeatedKeyMessage,
  toPointer,
  type JsonDocument,
  type JsonSyntaxError,
  type Position,
  type RepeatedKey,
} from './json-document';
export { findTooDeep, maxJsonDepth } from './find-too-deep';
export { stripByteOrderMark } from './byte-order-mark';
