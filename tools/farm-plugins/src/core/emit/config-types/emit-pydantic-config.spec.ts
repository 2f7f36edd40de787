import { applyConfigDefaults } from '../../config';
import type { PluginConfigSchema } from '../../manifest';
import { createAjv } from '../../schema';
import { validateConfigModels, type ConfigModelResult, type ConfigResult } from '../../testing/validate-config-models';
import { emitPydanticConfig } from './emit-pydantic-config';
import { pydanticModelNames, pythonBuiltins, pythonSoftKeywords } from './python-names';

const run = 'nx run demo:typegen';
const object = (properties: Record<string, unknown>, more: Record<string, unknown> = {}) =>
  ({ type: 'object', properties, ...more }) as PluginConfigSchema;
const strings = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, { type: 'string' }]));

const reservedKeys = [
  'str',
  'int',
  'model_config',
  'schema',
  'validate',
  'copy',
  'class',
  'my-key',
  '_x',
  'x',
  'Config',
  'type',
  'match',
  'Field',
  'Optional',
  'annotations',
  'PluginConfigX',
  'json',
  'dict',
  '',
  'ä',
  '1st',
  '__init__',
];
const pythonKeywords =
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
    ' ',
  );
const everyReservedName = [
  ...new Set([...pydanticModelNames, ...pythonBuiltins, ...pythonSoftKeywords, ...pythonKeywords]),
];

interface Case {
  schema: PluginConfigSchema;
  /**
   * Configs the model must accept, each with what it must read them as (dumped by alias) — the
   * config integrate fills in too, which ajv accepts (one config semantics, issue 14).
   */
  accepts: [config: unknown, value: unknown][];
  /** Configs the model must refuse, as ajv refuses them once FARM has filled them in. */
  rejects?: unknown[];
  /** Why ajv cannot compile the schema (integrate refuses it, FARM_E005): only typegen is checked. */
  ajvCannotCompile?: string;
}

const cases: Record<string, Case> = {
  'keys that are builtins, keywords, BaseModel or module names, or not identifiers are aliased': {
    schema: object(strings(reservedKeys), { additionalProperties: false }),
    accepts: [
      [
        Object.fromEntries(reservedKeys.map((k) => [k, `v ${k}`])),
        { ...Object.fromEntries(reservedKeys.map((k) => [k, `v ${k}`])) },
      ],
    ],
    rejects: [{ str: 1 }, { other: 'x' }],
  },
  'every name pydantic.BaseModel, builtins and (soft) keywords have is a usable key': {
    schema: object(Object.fromEntries(everyReservedName.map((k) => [k, { type: 'integer' }])), {
      additionalProperties: false,
      required: everyReservedName,
    }),
    accepts: [
      [
        Object.fromEntries(everyReservedName.map((k, i) => [k, i])),
        Object.fromEntries(everyReservedName.map((k, i) => [k, i])),
      ],
    ],
    rejects: [{}],
  },
  'an enum holding objects and arrays checks membership with JSON equality': {
    schema: object({ shape: { enum: [{ kind: 'circle', r: 1 }, [1, 2], 'plain', 1, null] } }),
    accepts: [
      [{ shape: { r: 1, kind: 'circle' } }, { shape: { r: 1, kind: 'circle' } }],
      [{ shape: [1, 2] }, { shape: [1, 2] }],
      [{ shape: 'plain' }, { shape: 'plain' }],
      [{ shape: null }, { shape: null }],
      [{}, {}],
    ],
    rejects: [
      { shape: { kind: 'square', r: 1 } },
      { shape: { kind: 'circle' } },
      { shape: [1, 2, 3] },
      { shape: true },
      { shape: 'other' },
    ],
  },
  'enum strings with lone surrogates and integers beyond 2^53 are checked, not Literal': {
    schema: object({ e: { enum: ['\ud800', 2 ** 60, 'ok'] }, c: { const: 'v1' } }),
    accepts: [
      [
        { e: '\ud800', c: 'v1' },
        { e: '\ud800', c: 'v1' },
      ],
      [{ e: 'ok' }, { e: 'ok' }],
    ],
    rejects: [{ e: 'no' }, { c: 'v2' }],
  },
  '$ref into $defs and into definitions in one schema, same name, one class each': {
    schema: object(
      {
        home: { $ref: '#/$defs/address' },
        work: { $ref: '#/definitions/address' },
        again: { $ref: '#/$defs/address' },
        color: { $ref: '#/$defs/color' },
        spaced: { $ref: '#/$defs/a%20b' },
        slashed: { $ref: '#/$defs/c~1d' },
      },
      {
        required: ['home'],
        $defs: {
          address: object({ city: { type: 'string' } }, { required: ['city'] }),
          color: { enum: ['red', 'blue'] },
          'a b': { type: 'integer' },
          'c/d': { type: 'boolean' },
        },
        definitions: { address: object({ zip: { type: 'string' } }, { additionalProperties: false }) },
      },
    ),
    accepts: [
      [
        { home: { city: 'Paris' }, work: { zip: '75' }, color: 'red', spaced: 1, slashed: true },
        { home: { city: 'Paris' }, work: { zip: '75' }, color: 'red', spaced: 1, slashed: true },
      ],
    ],
    rejects: [
      {},
      { home: {} },
      { home: { city: 'P' }, work: { zip: 75 } },
      { home: { city: 'P' }, work: { city: 'x' } },
      { home: { city: 'P' }, color: 'green' },
      { home: { city: 'P' }, spaced: 'x' },
    ],
  },
  'recursive $refs: a tree, the root itself, two definitions that refer to each other': {
    schema: object(
      {
        tree: { $ref: '#/$defs/node' },
        parent: { $ref: '#' },
        a: { $ref: '#/definitions/A' },
        loop: { $ref: '#/$defs/L1' },
        missing: { $ref: '#/$defs/none' },
        anchor: { $ref: '#here' },
      },
      {
        $defs: {
          node: object({ value: { type: 'integer' }, children: { type: 'array', items: { $ref: '#/$defs/node' } } }),
          L1: { $ref: '#/$defs/L2' },
          L2: { $ref: '#/$defs/L1' },
        },
        definitions: {
          A: object({ b: { $ref: '#/definitions/B' }, n: { type: 'integer' } }),
          B: object({ a: { $ref: '#/definitions/A' } }),
        },
      },
    ),
    accepts: [
      [
        {
          tree: { value: 1, children: [{ value: 2, children: [] }] },
          parent: { loop: 'anything' },
          a: { b: { a: { n: 3 } } },
        },
        {
          tree: { value: 1, children: [{ value: 2, children: [] }] },
          parent: { loop: 'anything' },
          a: { b: { a: { n: 3 } } },
        },
      ],
    ],
    rejects: [
      { tree: { children: [{ value: 'x' }] } },
      { a: { b: { a: { n: 'x' } } } },
      { parent: { tree: { value: 'x' } } },
    ],
    ajvCannotCompile: 'the $ref loop L1 → L2 → L1 overflows its stack',
  },
  'defaults nested in array items, and an object default, become models': {
    schema: object({
      servers: {
        type: 'array',
        default: [{ host: 'a' }],
        items: object({
          host: { type: 'string' },
          port: { type: 'integer', default: 80 },
          tags: { type: 'array', items: { type: 'string' }, default: [] },
        }),
      },
      jwt: object(
        { secret: { type: 'string' }, expiration: { type: 'string', default: '24h' } },
        { default: { secret: 's' } },
      ),
    }),
    accepts: [
      [{}, { servers: [{ host: 'a', port: 80, tags: [] }], jwt: { secret: 's', expiration: '24h' } }],
      [
        { servers: [{ host: 'b' }, { port: 1 }], jwt: { secret: 't' } },
        {
          servers: [
            { host: 'b', port: 80, tags: [] },
            { port: 1, tags: [] },
          ],
          jwt: { secret: 't', expiration: '24h' },
        },
      ],
    ],
    rejects: [{ servers: [{ port: 'x' }] }, { servers: {} }],
  },
  'boolean property schemas, patternProperties, lone surrogates in a property name and in descriptions': {
    schema: object(
      {
        anything: true,
        never: false,
        empty: {},
        '\udc00key': { type: 'string' },
        ok: { type: 'integer', description: 'd \ud800' },
      },
      { additionalProperties: false, patternProperties: { '^x-': { type: 'string' } }, description: 'doc \ud800' },
    ),
    accepts: [
      [
        { anything: [1], empty: { a: 1 }, ok: 2, 'x-extra': 'y' },
        { anything: [1], empty: { a: 1 }, ok: 2, 'x-extra': 'y' },
      ],
    ],
    rejects: [{ ok: 'x' }, { never: 1 }, { never: null }],
    ajvCannotCompile: 'URI malformed (a lone surrogate)',
  },
  'additionalProperties: false forbids unknown keys; otherwise they are kept': {
    schema: object({
      strict: object({ a: { type: 'string' } }, { additionalProperties: false }),
      open: object({ a: { type: 'string' } }),
      union: { type: ['object', 'null'], properties: { n: { type: 'number' } } },
    }),
    accepts: [
      [
        { open: { a: 'x', b: 1 }, union: null },
        { open: { a: 'x', b: 1 }, union: null },
      ],
    ],
    rejects: [{ strict: { b: 1 } }, { union: { n: 'x' } }, { strict: null }],
  },
  'issue 14: defaults through a $ref, in array items and in allOf; an absent object is created to hold them': {
    schema: object(
      {
        retry: { $ref: '#/$defs/retry' },
        endpoints: {
          type: 'array',
          items: object({ url: { type: 'string' }, timeout: { type: 'integer', default: 30 } }, { required: ['url'] }),
        },
        cache: { allOf: [{ $ref: '#/definitions/cache' }, { properties: { size: { type: 'integer' } } }] },
      },
      {
        $defs: { retry: object({ count: { type: 'integer', default: 3 } }) },
        definitions: { cache: object({ ttl: { type: 'integer', default: 60 } }) },
      },
    ),
    accepts: [
      [
        { endpoints: [{ url: 'https://a' }] },
        { retry: { count: 3 }, endpoints: [{ url: 'https://a', timeout: 30 }], cache: { ttl: 60 } },
      ],
      [
        { retry: { count: 5 }, cache: { size: 1 }, endpoints: [] },
        { retry: { count: 5 }, endpoints: [], cache: { ttl: 60, size: 1 } },
      ],
    ],
    rejects: [{ endpoints: [{ timeout: 1 }] }, { cache: { size: 'x' } }, { retry: { count: '3' } }],
  },
  'an absent object that would lack a required key, or that holds itself, is not created; a default is filled in too': {
    schema: object(
      {
        jwt: object(
          { secret: { type: 'string' }, expiration: { type: 'string', default: '24h' } },
          { required: ['secret'] },
        ),
        node: { $ref: '#/$defs/node' },
        limits: object({ max: { type: 'integer', default: 10 }, min: { type: 'integer' } }, { default: { min: 1 } }),
      },
      {
        $defs: {
          node: object({
            depth: { type: 'integer', default: 0 },
            next: { $ref: '#/$defs/node' },
            loop: { $ref: '#/$defs/node', default: {} },
          }),
        },
      },
    ),
    accepts: [
      [{}, { limits: { max: 10, min: 1 } }],
      [
        { jwt: { secret: 's' }, node: { next: {} } },
        {
          jwt: { secret: 's', expiration: '24h' },
          node: { depth: 0, next: { depth: 0 } },
          limits: { max: 10, min: 1 },
        },
      ],
    ],
    rejects: [{ jwt: {} }, { node: { next: { depth: 'x' } } }],
  },
  'strict as ajv is: no "80" for an integer, no 1 for a boolean or for true in an enum, no null where the schema has none':
    {
      schema: object({
        port: { type: 'integer' },
        on: { type: 'boolean' },
        level: { enum: [1, 2, true] },
        name: { type: 'string' },
        ratio: { type: 'number' },
        list: { type: 'array', items: { type: 'string' } },
      }),
      accepts: [
        [
          { port: 80, on: false, level: 1, name: 'n', ratio: 1, list: ['a'] },
          { port: 80, on: false, level: 1, name: 'n', ratio: 1, list: ['a'] },
        ],
        [
          { level: true, ratio: 0.5 },
          { level: true, ratio: 0.5 },
        ],
      ],
      rejects: [
        { port: '80' },
        { port: 1.5 },
        { port: true },
        { on: 1 },
        { on: 'true' },
        { level: 3 },
        { level: '1' },
        { name: 1 },
        { name: null },
        { ratio: '1' },
        { list: 'a' },
        { list: [1] },
      ],
    },
  'numeric, length and pattern constraints, in properties and in allOf members': {
    schema: object({
      port: { type: 'integer', minimum: 1, maximum: 65535 },
      ratio: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
      code: { type: 'string', minLength: 2, maxLength: 3, pattern: '^[a-z]+$' },
      tags: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 2 },
      both: { allOf: [{ type: 'integer', minimum: 0 }, { maximum: 5 }, { minimum: 2 }] },
    }),
    accepts: [
      [
        { port: 1, ratio: 0.5, code: 'ab', tags: ['x'], both: 2 },
        { port: 1, ratio: 0.5, code: 'ab', tags: ['x'], both: 2 },
      ],
    ],
    rejects: [
      { port: 0 },
      { port: 65536 },
      { ratio: 0 },
      { ratio: 1 },
      { code: 'a' },
      { code: 'abcd' },
      { code: 'AB' },
      { tags: [] },
      { tags: ['a', 'b', 'c'] },
      { both: 1 },
      { both: 6 },
    ],
  },
  'a key named like another key’s field name is its own key': {
    schema: object({ class: { type: 'string' }, x_: { type: 'integer' } }, { additionalProperties: false }),
    accepts: [[{ class: 'c' }, { class: 'c' }]],
    rejects: [{ class_: 'c' }],
  },
  'enum members the rest of the schema refuses are left out (differential fixture 01)': {
    schema: object({
      url: { allOf: [{ enum: ['plain', 'ok'] }, { type: 'string', maxLength: 4 }] },
      level: { type: 'integer', enum: [1, 2, 3, 0.5, 'x'], maximum: 2 },
    }),
    accepts: [
      [
        { url: 'ok', level: 2 },
        { url: 'ok', level: 2 },
      ],
    ],
    rejects: [{ url: 'plain' }, { level: 3 }, { level: 0.5 }, { level: 'x' }],
  },
  'recursive targets that are not a plain object class become RootModel classes (fixtures 02–04)': {
    schema: object(
      { level: { $ref: '#/$defs/nested' }, mode: { $ref: '#/$defs/list' }, head: { $ref: '#/$defs/node' } },
      {
        $defs: {
          nested: { type: 'array', items: { $ref: '#/$defs/nested' } },
          list: {
            type: 'array',
            items: object(
              { name: { type: 'string', default: 'n' }, children: { $ref: '#/$defs/list' } },
              { required: ['children'], additionalProperties: false },
            ),
          },
          node: {
            type: ['object', 'null'],
            properties: { value: { type: 'integer', default: 0 }, next: { $ref: '#/$defs/node' } },
          },
        },
      },
    ),
    accepts: [
      [
        { level: [[], [[]]], mode: [{ children: [{ children: [] }] }], head: { next: { next: null } } },
        {
          level: [[], [[]]],
          mode: [{ name: 'n', children: [{ name: 'n', children: [] }] }],
          head: { value: 0, next: { value: 0, next: null } },
        },
      ],
    ],
    rejects: [
      { level: [[null]] },
      { mode: [{ children: [null] }] },
      { mode: [{ children: [{}] }] },
      { head: { next: 1 } },
    ],
  },
  'a key that a closed allOf member does not declare is refused (fixture 13)': {
    schema: object({
      mode: {
        allOf: [
          object({ limits: { type: 'string' }, a: { type: 'integer' } }),
          object({ port: { type: 'number', default: 0 } }, { additionalProperties: false }),
        ],
      },
    }),
    accepts: [
      [{ mode: { port: 2 } }, { mode: { port: 2 } }],
      [{ mode: {} }, { mode: { port: 0 } }],
    ],
    rejects: [{ mode: { limits: 'x' } }, { mode: { a: 1 } }, { mode: { port: 1, other: 1 } }],
  },
  'a schema with no properties': {
    schema: { type: 'object' },
    accepts: [[{ any: 1 }, { any: 1 }]],
  },
};

describe('emitPydanticConfig', () => {
  const names = Object.keys(cases);
  const ajv = createAjv();
  const results = new Map<string, ConfigModelResult>();

  beforeAll(() => {
    const checks = names.map((name) => ({
      source: emitPydanticConfig(cases[name]!.schema, run),
      configs: [...cases[name]!.accepts.map(([config]) => config), ...(cases[name]!.rejects ?? [])],
    }));
    validateConfigModels(checks).forEach((result, i) => results.set(names[i]!, result));
  });

  it.each(names)('%s: the module imports without warnings and validates configs (real pydantic 2)', (name) => {
    const { accepts, rejects = [] } = cases[name]!;
    const result = results.get(name)!;
    expect(result.error).toBeUndefined();
    const expected: ConfigResult[] = accepts.map(([, value]) => ({ value }));
    expect(result.results.slice(0, accepts.length)).toEqual(expected);
    for (const [i, outcome] of result.results.slice(accepts.length).entries())
      expect({ config: rejects[i], rejected: 'rejected' in outcome }).toEqual({ config: rejects[i], rejected: true });
  });

  it.each(names.filter((name) => !cases[name]!.ajvCannotCompile))(
    '%s: integrate fills in the same config, and ajv agrees on each verdict',
    (name) => {
      const { schema, accepts, rejects = [] } = cases[name]!;
      const validate = ajv.compile(schema);
      for (const [config, value] of accepts) {
        const filled = applyConfigDefaults(config, schema);
        expect({ config, filled, valid: validate(filled) }).toEqual({ config, filled: value, valid: true });
      }
      for (const config of rejects)
        expect({ config, valid: validate(applyConfigDefaults(config, schema)) }).toEqual({ config, valid: false });
    },
  );

  it.each([
    ['aliased keys', 'keys that are builtins, keywords, BaseModel or module names, or not identifiers are aliased'],
    ['recursive refs', 'recursive $refs: a tree, the root itself, two definitions that refer to each other'],
    ['object enum', 'an enum holding objects and arrays checks membership with JSON equality'],
    [
      'issue 14 example',
      'issue 14: defaults through a $ref, in array items and in allOf; an absent object is created to hold them',
    ],
    ['root models', 'recursive targets that are not a plain object class become RootModel classes (fixtures 02–04)'],
  ])('writes %s as its snapshot shows', (snapshot, name) => {
    expect(emitPydanticConfig(cases[name]!.schema, run)).toMatchSnapshot(snapshot);
  });

  it('keeps a plain key its own name next to the alias derived from another (`x` and `_x`)', () => {
    const source = emitPydanticConfig(object({ _x: { type: 'string' }, x: { type: 'string' } }), run);
    expect(source).toContain(
      '    x_: Union[str, MISSING] = Field(default=MISSING, alias="_x")\n    x: Union[str, MISSING] = Field(default=MISSING)\n',
    );
  });

  it('imports only what the module uses', () => {
    expect(emitPydanticConfig({ type: 'object' }, run)).toBe(
      '# Generated by @farm/plugins from plugin.json — do not edit. Run: nx run demo:typegen\nfrom __future__ import annotations\n\nfrom pydantic import BaseModel, ConfigDict\n\n\nclass PluginConfig(BaseModel):\n    model_config = ConfigDict(extra="allow", strict=True, validate_default=True)\n\n\n__all__ = ["PluginConfig"]\n',
    );
  });
});
