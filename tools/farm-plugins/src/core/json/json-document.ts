import { findNodeAtLocation, parse, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';

export interface Position {
  line: number;
  column: number;
}

/** A parsed JSON file that can say where a JSON pointer sits in its text. */
export interface JsonDocument {
  value: unknown;
  locate(pointer: string): Position | undefined;
}

export interface JsonSyntaxError extends Position {
  message: string;
}

const strictJson = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };

/**
 * Parses strict JSON; on failure returns every syntax error with its line:column. Native
 * `JSON.parse` takes the happy path (several times faster than jsonc-parser, and it keeps a
 * `"__proto__"` key as data instead of setting the prototype); only text it rejects goes through
 * jsonc-parser, for the error positions. Both accept exactly strict JSON.
 */
export function parseJsonDocument(text: string): { document: JsonDocument } | { errors: JsonSyntaxError[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const errors: ParseError[] = [];
    value = parse(text, errors, strictJson);
    if (errors.length > 0) {
      const lines = lineIndex(text);
      return { errors: errors.map((e) => ({ ...lines.positionAt(e.offset), message: printParseErrorCode(e.error) })) };
    }
  }
  return { document: lazyDocument(text, value) };
}

/** The tree and the line index are built only when an error needs a position: the happy path never pays for them. */
function lazyDocument(text: string, value: unknown): JsonDocument {
  let tree: Node | undefined;
  let lines: LineIndex | undefined;
  return {
    value,
    locate(pointer) {
      tree ??= parseTree(text, [], strictJson);
      const node = tree && nearestNode(tree, pointerSegments(pointer));
      if (!node) return undefined;
      lines ??= lineIndex(text);
      return lines.positionAt(node.parent?.type === 'property' ? node.parent.offset : node.offset);
    },
  };
}

/** `/a/b~1c/0` → ['a', 'b/c', 0] */
export function pointerSegments(pointer: string): (string | number)[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** One JSON pointer segment, escaped (RFC 6901: `~` → `~0`, `/` → `~1`); plain ones are returned as they are. */
export function escapePointer(segment: string | number): string {
  const s = String(segment);
  return s.includes('~') || s.includes('/') ? s.replace(/~/g, '~0').replace(/\//g, '~1') : s;
}

export function toPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => '/' + escapePointer(s)).join('');
}

/** The node at the pointer, or its deepest existing ancestor (a missing field points at its parent). */
function nearestNode(tree: Node, segments: (string | number)[]): Node | undefined {
  for (let n = segments.length; n >= 0; n--) {
    const node = findNodeAtLocation(tree, segments.slice(0, n));
    if (node) return node;
  }
  return undefined;
}

interface LineIndex {
  positionAt(offset: number): Position;
}

/** Offsets of line starts, found once per text; each position is then a binary search, not a scan. */
function lineIndex(text: string): LineIndex {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return {
    positionAt(offset) {
      // The last line start <= offset (a newline at `offset` itself still belongs to the line it ends).
      let low = 0;
      let high = starts.length - 1;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (starts[mid] <= offset) low = mid;
        else high = mid - 1;
      }
      return { line: low + 1, column: offset - starts[low] + 1 };
    },
  };
}
