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

/** Parses strict JSON; on failure returns every syntax error with its line:column. */
export function parseJsonDocument(text: string): { document: JsonDocument } | { errors: JsonSyntaxError[] } {
  const errors: ParseError[] = [];
  const value = parse(text, errors, strictJson);
  if (errors.length > 0) {
    return {
      errors: errors.map((e) => ({ ...positionAt(text, e.offset), message: printParseErrorCode(e.error) })),
    };
  }
  let tree: Node | undefined;
  return {
    document: {
      value,
      // The tree is built only when an error needs a position: the happy path never pays for it.
      locate(pointer) {
        tree ??= parseTree(text, [], strictJson);
        const node = tree && nearestNode(tree, pointerSegments(pointer));
        return node ? positionAt(text, node.parent?.type === 'property' ? node.parent.offset : node.offset) : undefined;
      },
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

export function toPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** The node at the pointer, or its deepest existing ancestor (a missing field points at its parent). */
function nearestNode(tree: Node, segments: (string | number)[]): Node | undefined {
  for (let n = segments.length; n >= 0; n--) {
    const node = findNodeAtLocation(tree, segments.slice(0, n));
    if (node) return node;
  }
  return undefined;
}

function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

