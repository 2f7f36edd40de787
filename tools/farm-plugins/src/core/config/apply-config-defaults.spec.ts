import type { JsonSchema } from '../manifest';
import { absentDefault, applyConfigDefaults } from './apply-config-defaults';

const object = (properties: Record<string, unknown>, more: Record<string, unknown> = {}) =>
  ({ type: 'object', properties, ...more }) as JsonSchema & { properties: Record<string, unknown> };
const int = (def?: number) => ({ type: 'integer', ...(def === undefined ? {} : { default: def }) });

/** The example of issue 14: the filled config both languages must read. */
const issue14 = object(
  {
    retry: { $ref: '#/$defs/retry' },
    endpoints: { type: 'array', items: object({ url: { type: 'string' }, timeout: int(30) }, { required: ['url'] }) },
    cache: { allOf: [{ $ref: '#/definitions/cache' }] },
  },
  { $defs: { retry: object({ count: int(3) }) }, definitions: { cache: object({ ttl: int(60) }) } },
);

describe('applyConfigDefaults: the config semantics of docs/manifest.md', () => {
  it.each<[string, JsonSchema, unknown, unknown]>([
    [
      'issue 14: through a $ref, in array items, through allOf',
      issue14,
      { endpoints: [{ url: 'u' }] },
      { retry: { count: 3 }, endpoints: [{ url: 'u', timeout: 30 }], cache: { ttl: 60 } },
    ],
    [
      'a given value is kept and filled inside',
      issue14,
      { retry: { count: 5, extra: 1 }, cache: {} },
      { retry: { count: 5, extra: 1 }, cache: { ttl: 60 } },
    ],
    [
      'nested objects, created when absent',
      object({ jwt: object({ secret: { type: 'string' }, expiration: { type: 'string', default: '24h' } }) }),
      {},
      { jwt: { expiration: '24h' } },
    ],
    [
      'an absent object that would lack a required key is not created',
      object({ jwt: object({ secret: { type: 'string' }, expiration: { default: '24h' } }, { required: ['secret'] }) }),
      {},
      {},
    ],
    [
      '…but a given one is filled (ajv then reports the missing key)',
      object({ jwt: object({ secret: { type: 'string' }, expiration: { default: '24h' } }, { required: ['secret'] }) }),
      { jwt: {} },
      { jwt: { expiration: '24h' } },
    ],
    [
      'a required key with a default lets the object be created',
      object({ o: object({ a: int(1) }, { required: ['a'] }) }),
      {},
      { o: { a: 1 } },
    ],
    ['an object that gains nothing stays absent', object({ o: object({ a: int() }) }), {}, {}],
    [
      'a default is filled inside, array items too',
      object({
        s: { type: 'array', default: [{ host: 'a' }], items: object({ host: { type: 'string' }, port: int(80) }) },
      }),
      {},
      { s: [{ host: 'a', port: 80 }] },
    ],
    [
      'an object default is filled inside',
      object({ o: object({ a: int(1), b: int() }, { default: { b: 2 } }) }),
      {},
      { o: { a: 1, b: 2 } },
    ],
    [
      'the schema’s own default before its $ref target’s',
      object(
        { r: { $ref: '#/$defs/r', default: { n: 1 } } },
        { $defs: { r: object({ n: int() }, { default: { n: 2 } }) } },
      ),
      {},
      { r: { n: 1 } },
    ],
    [
      'the $ref target’s default when the schema has none',
      object({ r: { $ref: '#/$defs/r' } }, { $defs: { r: object({ n: int() }, { default: { n: 2 } }) } }),
      {},
      { r: { n: 2 } },
    ],
    [
      'allOf members combine their properties; the first default wins',
      object({ c: { allOf: [object({ a: int(1) }), object({ a: int(9), b: int(2) })] } }),
      {},
      { c: { a: 1, b: 2 } },
    ],
    [
      'siblings of allOf count too',
      object({ c: { type: 'object', properties: { z: int(0) }, allOf: [object({ a: int(1) })] } }),
      { c: {} },
      { c: { z: 0, a: 1 } },
    ],
    [
      'a recursive $ref is not filled forever',
      object({ n: int(0), next: { $ref: '#' } }),
      { next: { next: {} } },
      { n: 0, next: { n: 0, next: { n: 0 } } },
    ],
    [
      'a default holding itself again is not applied',
      object({ n: int(0), loop: { $ref: '#', default: {} } }),
      {},
      { n: 0 },
    ],
    [
      'a tree: items are filled, absent children stay absent',
      object(
        { root: { $ref: '#/$defs/node' } },
        { $defs: { node: object({ v: int(0), children: { type: 'array', items: { $ref: '#/$defs/node' } } }) } },
      ),
      { root: { children: [{}, { children: [{}] }] } },
      { root: { v: 0, children: [{ v: 0 }, { v: 0, children: [{ v: 0 }] }] } },
    ],
    [
      'null is a value, not an absence',
      object({ a: { type: ['string', 'null'], default: 'x' } }),
      { a: null },
      { a: null },
    ],
    [
      'a value of another type is left for ajv to refuse',
      object({ o: object({ a: int(1) }), l: { type: 'array', items: object({ a: int(1) }) } }),
      { o: 3, l: { a: 2 } },
      { o: 3, l: { a: 2 } },
    ],
    [
      'the schema’s key order, then the others as given',
      object({ a: int(1), b: int(2) }),
      { z: 0, b: 5 },
      { a: 1, b: 5, z: 0 },
    ],
    [
      'defaults under anyOf / oneOf are not filled',
      object({ u: { anyOf: [object({ a: int(1) })] }, o: { oneOf: [{ default: 1 }] } }),
      {},
      {},
    ],
    [
      'a $ref that does not resolve fills nothing',
      object({ m: { $ref: '#/$defs/none' }, x: { $ref: 'other.json#/a' } }),
      {},
      {},
    ],
  ])('%s', (_name, schema, config, filled) => {
    expect(applyConfigDefaults(config, schema)).toEqual(filled);
  });

  it('keys like Object.prototype members are data: own keys only, `__proto__` included', () => {
    const schema = object({ hasOwnProperty: int(1), constructor: int(2), ['__proto__']: int(3) });
    const filled = applyConfigDefaults(JSON.parse('{"__proto__": 9}'), schema) as Record<string, unknown>;
    expect(Object.getPrototypeOf(filled)).toBe(Object.prototype);
    expect(JSON.stringify(filled)).toBe('{"hasOwnProperty":1,"constructor":2,"__proto__":9}');
  });

  it('never changes its input, and never shares a default with the schema', () => {
    const config = { endpoints: [{ url: 'u' }] };
    const frozen = JSON.stringify(config);
    const schema = object({ list: { type: 'array', default: [1] } });
    const first = applyConfigDefaults({}, schema) as { list: number[] };
    first.list.push(2);
    applyConfigDefaults(config, issue14);
    expect([JSON.stringify(config), applyConfigDefaults({}, schema)]).toEqual([frozen, { list: [1] }]);
  });

  it('absentDefault is what an absent key becomes: the default typegen writes into the model', () => {
    expect(absentDefault(issue14.properties!.retry, issue14)).toEqual({ count: 3 });
    expect(absentDefault(issue14.properties!.endpoints, issue14)).toBeUndefined();
  });
});
