import {
  findNodeAtLocation,
  parse,
  parseTree,
  printParseErrorCode,
  visit,
  type Node,
  type ParseError,
} from 'jsonc-parser';
import { stripByteOrderMark } from './byte-order-mark';

export interface Position {
  line: number;
  column: number;
}

/** A parsed JSON file that can say where a JSON pointer sits in its text. */
export interface JsonDocument {
  value: unknown;
  /** Levels of objects and arrays the value nests: 0 for a scalar, 1 for `{}`, 2 for `{"a": []}`. */
  nesting: number;
  locate(pointer: string): Position | undefined;
}

export interface JsonSyntaxError extends Position {
  message: string;
}

/** A key an object names a second time, at that second occurrence. */
export interface RepeatedKey extends Position {
  key: string;
  /** JSON pointer of the key (the object's pointer plus the key). */
  pointer: string;
  /** Where the object names it first. */
  first: Position;
}

/** What a person reads about a repeated key: which object, where the first one is, why it matters. */
export function repeatedKeyMessage(k: RepeatedKey): string {
  const object = k.pointer.slice(0, k.pointer.lastIndexOf('/')) || 'the top-level object';
  return `"${k.key}" is named a second time in ${object} (first at line ${k.first.line}, column ${k.first.column}); JSON parsers would silently keep only this one`;
}

const strictJson = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };

/**
 * Parses strict JSON. A leading UTF-8 byte order mark is skipped, as Node's `require` and npm do
 * for package.json (editors on Windows write one); positions are counted after it, where an
 * editor puts line 1, column 1. On failure returns every syntax error with its line:column.
 * Native `JSON.parse` takes the happy path (several times faster than jsonc-parser, and it keeps a
 * `"__proto__"` key as data instead of setting the prototype); only text it rejects goes through
 * jsonc-parser, for the error positions. Both accept exactly strict JSON.
 *
 * A key repeated in one object is refused (issue 12): `JSON.parse`, npm and Python all keep the
 * last one silently, so half of what the file says would be dropped without a word.
 */
export function parseJsonDocument(
  text: string,
): { document: JsonDocument } | { errors: JsonSyntaxError[] } | { repeatedKeys: RepeatedKey[] } {
  const body = stripByteOrderMark(text);
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    const errors: ParseError[] = [];
    value = parse(body, errors, strictJson);
    if (errors.length > 0) {
      const lines = lineIndex(body);
      return { errors: errors.map((e) => ({ ...lines.positionAt(e.offset), message: printParseErrorCode(e.error) })) };
    }
  }
  const { keys, nesting } = measure(value);
  // False when the text surely names no key twice. Every key in the text is a string followed by
  // optional whitespace and `:`, so there is at least one such `:` per key (more only inside string
  // values); `JSON.parse` keeps one key per distinct name. Equal counts mean no name was repeated,
  // and the happy path never pays for the full scan (~4× the cost of JSON.parse itself).
  if (nesting > 0 && colonsAfterQuotes(body) > keys) {
    const repeatedKeys = findRepeatedKeys(body);
    if (repeatedKeys.length > 0) return { repeatedKeys };
  }
  return { document: lazyDocument(body, value, nesting) };
}

function colonsAfterQuotes(text: string): number {
  let count = 0;
  for (let i = text.indexOf(':'); i !== -1; i = text.indexOf(':', i + 1)) {
    let before = i - 1;
    while (before >= 0 && isJsonWhitespace(text.charCodeAt(before))) before--;
    if (text.charCodeAt(before) === 0x22) count++;
  }
  return count;
}

function isJsonWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/**
 * Own keys of every object in a parsed JSON value, and how many levels of objects and arrays it
 * nests — one walk for both (the repeated-key and the depth checks each walked it before).
 * Iterative: a hostile value may nest ~250,000 levels.
 */
function measure(value: unknown): { keys: number; nesting: number } {
  if (value === null || typeof value !== 'object') return { keys: 0, nesting: 0 };
  let keys = 0;
  let nesting = 0;
  const pending: unknown[] = [value];
  const levels: number[] = [1];
  while (pending.length) {
    const v = pending.pop() as Record<string, unknown> | unknown[];
    const level = levels.pop()!;
    if (level > nesting) nesting = level;
    if (Array.isArray(v)) {
      for (const child of v) {
        if (child !== null && typeof child === 'object') {
          pending.push(child);
          levels.push(level + 1);
        }
      }
      continue;
    }
    for (const key in v) {
      if (!Object.hasOwn(v, key)) continue;
      keys++;
      const child = v[key];
      if (child !== null && typeof child === 'object') {
        pending.push(child);
        levels.push(level + 1);
      }
    }
  }
  return { keys, nesting };
}

/** Every key an object of the (valid) text names again, located at its second occurrence. */
function findRepeatedKeys(text: string): RepeatedKey[] {
  const found: { key: string; offset: number; firstOffset: number; path: (string | number)[] }[] = [];
  // Keys seen in each open object, innermost last; each key with the offset of its first occurrence.
  const open: Map<string, number>[] = [];
  visit(
    text,
    {
      onObjectBegin: () => {
        open.push(new Map());
      },
      onObjectEnd: () => {
        open.pop();
      },
      onObjectProperty: (key, offset, _length, _line, _column, pathSupplier) => {
        const seen = open.at(-1)!; // a property is always inside an open object
        const firstOffset = seen.get(key);
        if (firstOffset === undefined) seen.set(key, offset);
        else found.push({ key, offset, firstOffset, path: pathSupplier() });
      },
    },
    strictJson,
  );
  const lines = lineIndex(text);
  return found.map((f) => ({
    key: f.key,
    pointer: toPointer([...f.path, f.key]),
    ...lines.positionAt(f.offset),
    first: lines.positionAt(f.firstOffset),
  }));
}

/** The tree and the line index are built only when an error needs a position: the happy path never pays for them. */
function lazyDocument(text: string, value: unknown, nesting: number): JsonDocument {
  let tree: Node | undefined;
  let lines: LineIndex | undefined;
  return {
    value,
    nesting,
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
        if (starts[mid]! <= offset) low = mid;
        else high = mid - 1;
      }
      return { line: low + 1, column: offset - starts[low]! + 1 };
    },
  };
}
