import { visit } from 'jsonc-parser';
import { parseJsonDocument, type JsonDocument, type RepeatedKey } from './json-document';

const bom = '\uFEFF';

function documentOf(text: string): JsonDocument {
  const parsed = parseJsonDocument(text);
  if (!('document' in parsed)) throw new Error(`expected a document, got ${JSON.stringify(parsed)}`);
  return parsed.document;
}

function repeatedKeysOf(text: string): RepeatedKey[] {
  const parsed = parseJsonDocument(text);
  return 'repeatedKeys' in parsed ? parsed.repeatedKeys : [];
}

describe('parseJsonDocument: a UTF-8 byte order mark', () => {
  it('is skipped, as Node and npm skip it in package.json', () => {
    expect(documentOf(`${bom}{"name": "x"}`).value).toEqual({ name: 'x' });
  });

  it('does not move positions: line 1, column 1 is the first character after it', () => {
    const document = documentOf(`${bom}{"name": "x",\n  "version": "1"}`);
    expect(document.locate('/name')).toEqual({ line: 1, column: 2 });
    expect(document.locate('/version')).toEqual({ line: 2, column: 3 });
  });

  it('does not move the position of a syntax error after it', () => {
    expect(parseJsonDocument(`${bom}{"name": }`)).toEqual({
      errors: [{ line: 1, column: 10, message: 'ValueExpected' }],
    });
  });

  it('is skipped once only: a second one is a syntax error at its place', () => {
    expect(parseJsonDocument(`${bom}${bom}{}`)).toMatchObject({ errors: [{ line: 1, column: 1 }] });
  });

  it('is a syntax error anywhere else', () => {
    expect(parseJsonDocument(`{"a": 1, ${bom}"b": 2}`)).toMatchObject({ errors: [{ line: 1, column: 10 }] });
  });
});

describe('parseJsonDocument: repeated keys', () => {
  it.each([
    [
      'the top level',
      '{\n  "name": "a",\n  "name": "b"\n}',
      [{ key: 'name', pointer: '/name', line: 3, column: 3, first: { line: 2, column: 3 } }],
    ],
    [
      'a nested object',
      '{"frontend": {"components": {\n  "Card": {},\n  "Card": {}}}}',
      [{ key: 'Card', pointer: '/frontend/components/Card', line: 3, column: 3, first: { line: 2, column: 3 } }],
    ],
    [
      'an object in an array',
      '{"routes": [{}, {"path": "/a", "path": "/b"}]}',
      [{ key: 'path', pointer: '/routes/1/path', line: 1, column: 32, first: { line: 1, column: 18 } }],
    ],
    ['a key spelt with an escape', '{"a": 1, "\\u0061": 2}', [{ key: 'a', pointer: '/a', line: 1, column: 10 }]],
    [
      'a key with / and ~ (escaped in the pointer)',
      '{"a/~b": 1, "a/~b": 2}',
      [{ key: 'a/~b', pointer: '/a~1~0b', line: 1, column: 13 }],
    ],
    [
      '__proto__, which JSON.parse keeps as data',
      '{"__proto__": 1, "__proto__": 2}',
      [{ key: '__proto__', pointer: '/__proto__', column: 18 }],
    ],
    ['the empty key', '{"": 1, "": 2}', [{ key: '', pointer: '/', column: 9 }]],
    [
      'after a byte order mark',
      `${bom}{"a": 1, "a": 2}`,
      [{ key: 'a', line: 1, column: 10, first: { line: 1, column: 2 } }],
    ],
  ])('are refused at the second occurrence in %s', (_, text, expected) => {
    expect(repeatedKeysOf(text)).toMatchObject(expected);
  });

  it('are all reported in one pass, the third occurrence too', () => {
    const keys = repeatedKeysOf('{"a": 1, "b": {"c": 1, "c": 2}, "a": 2, "a": 3}');
    expect(keys.map((k) => [k.pointer, k.column, k.first.column])).toEqual([
      ['/b/c', 24, 16],
      ['/a', 33, 2],
      ['/a', 41, 2],
    ]);
  });

  it('are keys of one object: the same key in two objects, or a value equal to a key, is fine', () => {
    const text = '{"a": {"x": 1}, "b": {"x": 2}, "c": [{"x": 1}, {"x": 2}], "d": "a", "x": "x"}';
    expect(documentOf(text).value).toEqual(JSON.parse(text));
  });

  it.each([
    ['a string value that looks like a key', '{"a": "b\\": 1, \\"a\\":"}'],
    ['a value with a colon after a quote', '{"url": "x\\" : y", "a": "\\"   :"}'],
    ['a key that holds ": itself', '{"a\\":": 1, "a": 2}'],
  ])('are told apart from %s', (_, text) => {
    expect(documentOf(text).value).toEqual(JSON.parse(text));
  });
});

describe('parseJsonDocument: the quick "no repeated key" answer', () => {
  // Small objects whose keys and string values are drawn from a tiny alphabet full of `"`, `:`
  // and spaces, so repeats and look-alike `":` inside strings are frequent.
  const alphabet = ['a', 'b', '"', ':', ' ', '\\', '{'];
  function randomText(next: () => number, depth = 0): string {
    const string = () =>
      JSON.stringify(
        Array.from({ length: 1 + Math.floor(next() * 3) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(
          '',
        ),
      );
    const value = (): string =>
      depth < 2 && next() < 0.3 ? randomText(next, depth + 1) : next() < 0.5 ? string() : '1';
    const members = Array.from(
      { length: Math.floor(next() * 4) },
      () => `${string()}${next() < 0.5 ? ' ' : ''}:${value()}`,
    );
    return `{${members.join(',')}}`;
  }
  /** Repeats found the slow, obvious way: every key of every object, from a full parse. */
  function hasRepeatReference(text: string): boolean {
    let repeated = false;
    const open: Set<string>[] = [];
    visit(text, {
      onObjectBegin: () => {
        open.push(new Set());
      },
      onObjectEnd: () => {
        open.pop();
      },
      onObjectProperty: (key: string) => {
        const seen = open.at(-1)!;
        if (seen.has(key)) repeated = true;
        seen.add(key);
      },
    });
    return repeated;
  }

  it('agrees with a full scan on 5,000 generated documents', () => {
    let seed = 12;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let repeats = 0;
    for (let i = 0; i < 5000; i++) {
      const text = randomText(next);
      const expected = hasRepeatReference(text);
      repeats += expected ? 1 : 0;
      expect(['document', 'repeatedKeys'].filter((k) => k in parseJsonDocument(text))).toEqual([
        expected ? 'repeatedKeys' : 'document',
      ]);
    }
    expect(repeats).toBeGreaterThan(50);
  });
});

describe('parseJsonDocument: nesting', () => {
  const nesting = (text: string) => {
    const parsed = parseJsonDocument(text);
    if (!('document' in parsed)) throw new Error(`not a document: ${text}`);
    return parsed.document.nesting;
  };

  it.each([
    ['1', 0],
    ['"{[{["', 0],
    ['{}', 1],
    ['[]', 1],
    ['{"a": [], "b": 1}', 2],
    ['[1, [2, [3]], {"x": {"y": {}}}]', 4],
    ['{"a": {"b": {"c": {}}}, "d": [[[[[]]]]]}', 6],
  ])('%s nests %i levels (the depth check reads it instead of walking the value again)', (text, levels) => {
    expect(nesting(text)).toBe(levels);
  });

  it('counts 100,000 levels without overflowing the stack', () => {
    expect(nesting('['.repeat(100_000) + ']'.repeat(100_000))).toBe(100_000);
  });
});
