export { parseJsonDocument, pointerSegments, toPointer, type JsonDocument, type JsonSyntaxError, type Position } from './json-document';
