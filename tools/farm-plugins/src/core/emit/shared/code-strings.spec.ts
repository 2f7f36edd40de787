import { prng } from '../../testing/prng';
import { tsLiteral } from './code-strings';

/** What the generated TypeScript evaluates to (the emitted text is an expression). */
const evaluate = (literal: string): unknown => new Function(`return (${literal});`)();

/** Deep equality that sees a "__proto__" own key (toEqual would not tell it from a prototype). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    Object.getPrototypeOf(b) === Object.getPrototypeOf(a) &&
    keys.every(
      (k) => Object.hasOwn(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    )
  );
}

const tricky: readonly string[] = ['__proto__', '"__proto__":', 'a\u2028b', '\u2029', 'constructor', '', 'x"y', '\\'];

function randomValue(next: () => number, depth: number): unknown {
  const r = next();
  if (depth > 3 || r < 0.35)
    return [1.5, -0, 'plain', tricky[Math.floor(next() * tricky.length)], true, null][Math.floor(next() * 6)];
  if (r < 0.6) return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
  const object: Record<string, unknown> = {};
  for (let i = Math.floor(next() * 4); i > 0; i--) {
    Object.defineProperty(object, next() < 0.5 ? tricky[Math.floor(next() * tricky.length)]! : `k${i}`, {
      value: randomValue(next, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return object;
}

describe('tsLiteral: a JSON value as a TypeScript expression', () => {
  it('keeps a "__proto__" key as a key, at any depth, and a string that spells it as a string', () => {
    const value = JSON.parse('{"__proto__": {"a": 1}, "s": "\\"__proto__\\":", "n": [{"__proto__": null}]}');
    const literal = tsLiteral(value);
    expect(literal).toBe('{["__proto__"]:{"a":1},"s":"\\"__proto__\\":","n":[{["__proto__"]:null}]}');
    expect(sameJson(evaluate(literal), value)).toBe(true);
  });

  it('escapes U+2028 and U+2029 in keys and values', () => {
    expect(tsLiteral({ 'a\u2028': ['\u2029'] })).toBe('{"a\\u2028":["\\u2029"]}');
  });

  it('evaluates back to the same value for 2,000 random values with hostile keys and strings', () => {
    const next = prng(2028);
    for (let i = 0; i < 2000; i++) {
      const value = randomValue(next, 0);
      const literal = tsLiteral(value);
      expect(literal).not.toMatch(/[\u2028\u2029]/);
      expect([literal, sameJson(evaluate(literal), value)]).toEqual([literal, true]);
    }
  });
});
