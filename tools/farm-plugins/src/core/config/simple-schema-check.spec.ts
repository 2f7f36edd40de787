import aiChat from '../manifest/__fixtures__/spec-ai-chat.plugin.json';
import auth from '../manifest/__fixtures__/spec-auth.plugin.json';
import { createAjv } from '../schema';
import { applyConfigDefaults } from './apply-config-defaults';
import { satisfiesSimpleSchema } from './simple-schema-check';

/** Seeded, so a failure reproduces. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('satisfiesSimpleSchema', () => {
  const ajv = createAjv();
  const ajvSays = (schema: object, value: unknown): boolean | 'throws' => {
    try {
      return ajv.compile(schema)(value) as boolean;
    } catch {
      return 'throws';
    }
  };

  it.each([
    ['the spec auth plugin with its defaults', auth.configSchema, applyConfigDefaults({ jwt: { secret: 's' } }, auth.configSchema)],
    ['the spec ai-chat plugin with its defaults', aiChat.configSchema, applyConfigDefaults({}, aiChat.configSchema)],
    ['bounds, patterns and unions', { type: 'object', required: ['port'], additionalProperties: false, properties: { port: { type: 'integer', minimum: 1, maximum: 65535 }, host: { type: ['string', 'null'], pattern: '^[a-z.]+$', maxLength: 20 } } }, { port: 80, host: 'a.b' }],
  ])('decides %s without ajv', (_name, schema, value) => {
    expect(satisfiesSimpleSchema(schema, value)).toBe(true);
    expect(ajvSays(schema as object, value)).toBe(true);
  });

  it.each([
    ['a missing required field', { type: 'object', required: ['a'] }, {}],
    ['a wrong type', { type: 'object', properties: { a: { type: 'integer' } } }, { a: 1.5 }],
    ['an unknown field when additionalProperties is false', { type: 'object', additionalProperties: false, properties: {} }, { a: 1 }],
    ['a value outside the enum', { type: 'object', properties: { a: { enum: ['x', 'y'] } } }, { a: 'z' }],
    ['a keyword it does not know (format)', { type: 'object', properties: { a: { type: 'string', format: 'email' } } }, { a: 'a@b.c' }],
    ['a schema ajv refuses (empty enum)', { type: 'object', properties: { a: { enum: [] } } }, {}],
    ['a schema ajv refuses (duplicate required)', { type: 'object', required: ['a', 'a'] }, { a: 1 }],
    ['a property named like an Object.prototype member', { type: 'object', required: ['toString'] }, {}],
    ['a pattern with \\Z', { type: 'object', properties: { a: { type: 'string', pattern: 'a\\Z' } } }, {}],
  ])('leaves %s to ajv', (_name, schema, value) => {
    expect(satisfiesSimpleSchema(schema, value)).toBe(false);
  });

  it('never says valid when ajv would not (randomised against ajv)', () => {
    const rand = random(2024);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
    const types = ['string', 'integer', 'number', 'boolean', 'null', 'object', 'array'] as const;
    const values = [0, 1, -1, 1.5, 70000, '', 'abc', 'ab\u{1F600}', true, false, null, [], [1], ['a', 'b'], {}, { a: 1 }, { b: 'x' }];
    const schemaOf = (depth: number): Record<string, unknown> => {
      const schema: Record<string, unknown> = {};
      if (rand() < 0.8) schema.type = rand() < 0.2 ? [pick(types), pick(types)] : pick(types);
      if (rand() < 0.2) schema.enum = rand() < 0.1 ? [] : [pick(values.slice(0, 11)), pick(values.slice(0, 11))];
      if (rand() < 0.1) schema.const = pick(values.slice(0, 11));
      if (rand() < 0.2) schema.minimum = pick([0, 1, 2, '1']);
      if (rand() < 0.1) schema.exclusiveMaximum = pick([2, 100]);
      if (rand() < 0.2) schema.maxLength = pick([0, 2, 3, -1, 1.5]);
      if (rand() < 0.1) schema.pattern = pick(['^a', 'b$', '(', '\\d']);
      if (rand() < 0.2) schema.minItems = pick([1, 2]);
      if (depth < 2 && rand() < 0.3) schema.items = rand() < 0.1 ? false : schemaOf(depth + 1);
      if (depth < 2 && rand() < 0.5) schema.properties = { a: schemaOf(depth + 1), ...(rand() < 0.5 ? { b: schemaOf(depth + 1) } : {}) };
      if (rand() < 0.3) schema.required = pick([['a'], ['b'], ['a', 'b'], ['a', 'a'], [1]]);
      if (rand() < 0.3) schema.additionalProperties = rand() < 0.5 ? false : depth < 2 ? schemaOf(depth + 1) : true;
      if (rand() < 0.2) schema.default = pick(values);
      if (rand() < 0.05) schema.description = pick(['text', 3]);
      return schema;
    };
    let decided = 0;
    for (let i = 0; i < 3000; i++) {
      const schema = schemaOf(0);
      const value = rand() < 0.5 ? pick(values) : { a: pick(values), ...(rand() < 0.5 ? { b: pick(values) } : {}), ...(rand() < 0.2 ? { c: pick(values) } : {}) };
      if (!satisfiesSimpleSchema(schema, value)) continue;
      decided++;
      if (ajvSays(schema, value) !== true) throw new Error(`said valid, ajv disagrees: ${JSON.stringify({ schema, value })}`);
    }
    // The fast path must actually decide a good share, or it is dead weight.
    expect(decided).toBeGreaterThan(100);
  });
});
