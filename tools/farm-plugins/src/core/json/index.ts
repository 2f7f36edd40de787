export { escapePointer, parseJsonDocument, pointerSegments, toPointer, type JsonDocument, type JsonSyntaxError, type Position } from './json-document';
export { findTooDeep, maxJsonDepth } from './find-too-deep';
