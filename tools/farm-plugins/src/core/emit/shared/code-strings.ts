/**
 * The only way manifest values reach generated code: as escaped string literals, or as
 * identifiers that have been checked to be identifiers. Never interpolate raw values.
 */

const pythonKeywords = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
    ' ',
  ),
);

// `__proto__` is an identifier, but as a key of the generated records it would set their prototype.
const tsReservedWords = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await arguments eval undefined NaN Infinity __proto__'.split(
    ' ',
  ),
);

export function isPythonIdentifier(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !pythonKeywords.has(name);
}

export function isTsIdentifier(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) && !tsReservedWords.has(name);
}

/** A Python string literal for any string (JSON escapes are a subset of Python's). */
export function pyString(value: string): string {
  return JSON.stringify(value);
}

/** A TypeScript string literal; U+2028/2029 escaped so older parsers and tools agree. */
export function tsString(value: string): string {
  return escapeLineSeparators(JSON.stringify(value));
}

function escapeLineSeparators(code: string): string {
  // Almost no text has them: look before building two new strings (this runs per emitted string).
  if (!code.includes('\u2028') && !code.includes('\u2029')) return code;
  return code.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * Deepest nesting of arrays and objects a literal may have. Python's parser stops at 200 nested
 * brackets (and deep values overflow the stack before that), so deeper values are refused rather
 * than written as code that cannot compile; `nx run <plugin>:validate` reports them (FARM_E087).
 */
export const maxLiteralDepth = 64;

/** How deeply arrays and objects nest in a JSON value (a scalar is 0), without recursion. */
export function literalDepth(value: unknown): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length) {
    const [v, depth] = pending.pop()!;
    if (!v || typeof v !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > maxLiteralDepth) return deepest;
    for (const child of Array.isArray(v) ? v : Object.values(v)) pending.push([child, depth + 1]);
  }
  return deepest;
}

/** An emitter's refusal of a too-deep value; integrate turns it into located FARM_E087 problems. */
export class LiteralTooDeepError extends Error {
  constructor() {
    super(`a value nested deeper than ${maxLiteralDepth} levels cannot be written into generated code`);
    this.name = 'LiteralTooDeepError';
  }
}

function assertLiteralDepth(value: unknown): void {
  if (literalDepth(value) > maxLiteralDepth) throw new LiteralTooDeepError();
}

/** A JSON value as a Python literal (dict / list / str / int / float / bool / None). */
export function pyLiteral(value: unknown): string {
  assertLiteralDepth(value);
  return pyLiteralOf(value);
}

function pyLiteralOf(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as a Python literal`);
    return String(value);
  }
  if (typeof value === 'string') return pyString(value);
  if (Array.isArray(value)) return `[${value.map(pyLiteralOf).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${pyString(k)}: ${pyLiteralOf(v)}`)
      .join(', ')}}`;
  }
  throw new Error(`cannot write a ${typeof value} as a Python literal`);
}

/**
 * A JSON value as a TypeScript expression: JSON, with U+2028/2029 escaped and a `__proto__` key
 * written as a computed key — in an object literal a plain `"__proto__":` sets the prototype
 * instead of making a property, so the value would silently lose that entry (found by the fuzz).
 */
export function tsLiteral(value: unknown): string {
  if (value === undefined) return 'undefined';
  assertLiteralDepth(value);
  // Compact JSON is the literal unless some key is "__proto__": then `"__proto__":` is in the text
  // (inside a string value the quote after it would be escaped), and the walk writes that key.
  const json = JSON.stringify(value);
  if (json === undefined) return 'null';
  return json.includes('"__proto__":') ? (tsLiteralOf(value) ?? 'null') : escapeLineSeparators(json);
}

function tsLiteralOf(value: unknown): string | undefined {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
    return typeof value === 'string' ? tsString(value) : JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => tsLiteralOf(v) ?? 'null').join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => {
    const literal = tsLiteralOf(v);
    return literal === undefined ? [] : [`${k === '__proto__' ? `[${tsString(k)}]` : tsString(k)}:${literal}`];
  });
  return `{${entries.join(',')}}`;
}

/** The header every generated file carries. */
export function generatedHeader(comment: '#' | '//', runCommand: string): string {
  return `${comment} Generated by @farm/plugins from plugin.json — do not edit. Run: ${runCommand}\n`;
}
