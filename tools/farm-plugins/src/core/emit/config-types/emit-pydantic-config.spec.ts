import type { PluginConfigSchema } from '../../manifest';
import { validateConfigModels, type ConfigModelResult, type ConfigResult } from '../../testing/validate-config-models';
import { emitPydanticConfig } from './emit-pydantic-config';
import { pydanticModelNames, pythonBuiltins, pythonSoftKeywords } from './python-names';

const run = 'nx run demo:typegen';
const object = (properties: Record<string, unknown>, more: Record<string, unknown> = {}) => ({ type: 'object', properties, ...more }) as PluginConfigSchema;
const strings = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, { type: 'string' }]));

const reservedKeys = ['str', 'int', 'model_config', 'schema', 'validate', 'copy', 'class', 'my-key', '_x', 'x', 'Config', 'type', 'match', 'Field', 'Optional', 'annotations', 'PluginConfigX', 'json', 'dict', '', 'ä', '1st', '__init__'];
const pythonKeywords = 'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' ');
const everyReservedName = [...new Set([...pydanticModelNames, ...pythonBuiltins, ...pythonSoftKeywords, ...pythonKeywords])];

interface Case {
  schema: PluginConfigSchema;
  /** Configs the model must accept, each with what it must read them as (dumped by alias). */
  accepts: [config: unknown, value: unknown][];
  rejects?: unknown[];
}

const cases: Record<string, Case> = {
  'keys that are builtins, keywords, BaseModel or module names, or not identifiers are aliased': {
    schema: object(strings(reservedKeys), { additionalProperties: false }),
    accepts: [[Object.fromEntries(reservedKeys.map((k) => [k, `v ${k}`])), { ...Object.fromEntries(reservedKeys.map((k) => [k, `v ${k}`])) }]],
    rejects: [{ str: 1 }, { other: 'x' }],
  },
  'every name pydantic.BaseModel, builtins and (soft) keywords have is a usable key': {
    schema: object(Object.fromEntries(everyReservedName.map((k) => [k, { type: 'integer' }])), { additionalProperties: false, required: everyReservedName }),
    accepts: [[Object.fromEntries(everyReservedName.map((k, i) => [k, i])), Object.fromEntries(everyReservedName.map((k, i) => [k, i]))]],
    rejects: [{}],
  },
  'an enum holding objects and arrays checks membership with JSON equality': {
    schema: object({ shape: { enum: [{ kind: 'circle', r: 1 }, [1, 2], 'plain', 1, null] } }),
    accepts: [
      [{ shape: { r: 1, kind: 'circle' } }, { shape: { r: 1, kind: 'circle' } }],
      [{ shape: [1, 2] }, { shape: [1, 2] }],
      [{ shape: 'plain' }, { shape: 'plain' }],
      [{ shape: null }, { shape: null }],
      [{}, { shape: null }],
    ],
    rejects: [{ shape: { kind: 'square', r: 1 } }, { shape: { kind: 'circle' } }, { shape: [1, 2, 3] }, { shape: true }, { shape: 'other' }],
  },
  'enum strings with lone surrogates and integers beyond 2^53 are checked, not Literal': {
    schema: object({ e: { enum: ['\ud800', 2 ** 60, 'ok'] }, c: { const: 'v1' } }),
    accepts: [
      [{ e: '\ud800', c: 'v1' }, { e: '\ud800', c: 'v1' }],
      [{ e: 'ok' }, { e: 'ok', c: null }],
    ],
    rejects: [{ e: 'no' }, { c: 'v2' }],
  },
  '$ref into $defs and into definitions in one schema, same name, one class each': {
    schema: object(
      { home: { $ref: '#/$defs/address' }, work: { $ref: '#/definitions/address' }, again: { $ref: '#/$defs/address' }, color: { $ref: '#/$defs/color' }, spaced: { $ref: '#/$defs/a%20b' }, slashed: { $ref: '#/$defs/c~1d' } },
      {
        required: ['home'],
        $defs: { address: object({ city: { type: 'string' } }, { required: ['city'] }), color: { enum: ['red', 'blue'] }, 'a b': { type: 'integer' }, 'c/d': { type: 'boolean' } },
        definitions: { address: object({ zip: { type: 'string' } }, { additionalProperties: false }) },
      },
    ),
    accepts: [
      [{ home: { city: 'Paris' }, work: { zip: '75' }, color: 'red', spaced: 1, slashed: true }, { home: { city: 'Paris' }, work: { zip: '75' }, again: null, color: 'red', spaced: 1, slashed: true }],
    ],
    rejects: [{}, { home: {} }, { home: { city: 'P' }, work: { zip: 75 } }, { home: { city: 'P' }, work: { city: 'x' } }, { home: { city: 'P' }, color: 'green' }, { home: { city: 'P' }, spaced: 'x' }],
  },
  'recursive $refs: a tree, the root itself, two definitions that refer to each other': {
    schema: object(
      { tree: { $ref: '#/$defs/node' }, parent: { $ref: '#' }, a: { $ref: '#/definitions/A' }, loop: { $ref: '#/$defs/L1' }, missing: { $ref: '#/$defs/none' }, anchor: { $ref: '#here' } },
      {
        $defs: { node: object({ value: { type: 'integer' }, children: { type: 'array', items: { $ref: '#/$defs/node' } } }), L1: { $ref: '#/$defs/L2' }, L2: { $ref: '#/$defs/L1' } },
        definitions: { A: object({ b: { $ref: '#/definitions/B' }, n: { type: 'integer' } }), B: object({ a: { $ref: '#/definitions/A' } }) },
      },
    ),
    accepts: [
      [
        { tree: { value: 1, children: [{ value: 2, children: [] }] }, parent: { loop: 'anything' }, a: { b: { a: { n: 3 } } } },
        {
          tree: { value: 1, children: [{ value: 2, children: [] }] },
          parent: { tree: null, parent: null, a: null, loop: 'anything', missing: null, anchor: null },
          a: { b: { a: { b: null, n: 3 } }, n: null },
          loop: null,
          missing: null,
          anchor: null,
        },
      ],
    ],
    rejects: [{ tree: { children: [{ value: 'x' }] } }, { a: { b: { a: { n: 'x' } } } }, { parent: { tree: { value: 'x' } } }],
  },
  'defaults nested in array items, and an object default, become models': {
    schema: object({
      servers: { type: 'array', default: [{ host: 'a' }], items: object({ host: { type: 'string' }, port: { type: 'integer', default: 80 }, tags: { type: 'array', items: { type: 'string' }, default: [] } }) },
      jwt: object({ secret: { type: 'string' }, expiration: { type: 'string', default: '24h' } }, { default: { secret: 's' } }),
    }),
    accepts: [
      [{}, { servers: [{ host: 'a', port: 80, tags: [] }], jwt: { secret: 's', expiration: '24h' } }],
      [{ servers: [{ host: 'b' }, { port: 1 }], jwt: { secret: 't' } }, { servers: [{ host: 'b', port: 80, tags: [] }, { host: null, port: 1, tags: [] }], jwt: { secret: 't', expiration: '24h' } }],
    ],
    rejects: [{ servers: [{ port: 'x' }] }, { servers: {} }],
  },
  'boolean property schemas, patternProperties, lone surrogates in a property name and in descriptions': {
    schema: object(
      { anything: true, never: false, empty: {}, '\udc00key': { type: 'string' }, ok: { type: 'integer', description: 'd \ud800' } },
      { additionalProperties: false, patternProperties: { '^x-': { type: 'string' } }, description: 'doc \ud800' },
    ),
    accepts: [[{ anything: [1], empty: { a: 1 }, ok: 2, 'x-extra': 'y' }, { anything: [1], never: null, empty: { a: 1 }, ok: 2, 'x-extra': 'y' }]],
    rejects: [{ ok: 'x' }],
  },
  'additionalProperties: false forbids unknown keys; otherwise they are kept': {
    schema: object({ strict: object({ a: { type: 'string' } }, { additionalProperties: false }), open: object({ a: { type: 'string' } }), union: { type: ['object', 'null'], properties: { n: { type: 'number' } } } }),
    accepts: [[{ open: { a: 'x', b: 1 }, union: null }, { strict: null, open: { a: 'x', b: 1 }, union: null }]],
    rejects: [{ strict: { b: 1 } }, { union: { n: 'x' } }],
  },
  'a schema with no properties': {
    schema: { type: 'object' },
    accepts: [[{ any: 1 }, { any: 1 }]],
  },
};

describe('emitPydanticConfig', () => {
  const names = Object.keys(cases);
  const results = new Map<string, ConfigModelResult>();

  beforeAll(() => {
    const checks = names.map((name) => ({ source: emitPydanticConfig(cases[name].schema, run), configs: [...cases[name].accepts.map(([config]) => config), ...(cases[name].rejects ?? [])] }));
    validateConfigModels(checks).forEach((result, i) => results.set(names[i], result));
  });

  it.each(names)('%s: the module imports without warnings and validates configs (real pydantic 2)', (name) => {
    const { accepts, rejects = [] } = cases[name];
    const result = results.get(name)!;
    expect(result.error).toBeUndefined();
    const expected: ConfigResult[] = accepts.map(([, value]) => ({ value }));
    expect(result.results.slice(0, accepts.length)).toEqual(expected);
    for (const [i, outcome] of result.results.slice(accepts.length).entries()) expect({ config: rejects[i], rejected: 'rejected' in outcome }).toEqual({ config: rejects[i], rejected: true });
  });

  it.each([
    ['aliased keys', 'keys that are builtins, keywords, BaseModel or module names, or not identifiers are aliased'],
    ['recursive refs', 'recursive $refs: a tree, the root itself, two definitions that refer to each other'],
    ['object enum', 'an enum holding objects and arrays checks membership with JSON equality'],
  ])('writes %s as its snapshot shows', (snapshot, name) => {
    expect(emitPydanticConfig(cases[name].schema, run)).toMatchSnapshot(snapshot);
  });

  it('keeps a plain key its own name next to the alias derived from another (`x` and `_x`)', () => {
    const source = emitPydanticConfig(object({ _x: { type: 'string' }, x: { type: 'string' } }), run);
    expect(source).toContain('    x_: Optional[str] = Field(default=None, alias="_x")\n    x: Optional[str] = Field(default=None)\n');
  });

  it('imports only what the module uses', () => {
    expect(emitPydanticConfig({ type: 'object' }, run)).toBe(
      '# Generated by @farm/plugins from plugin.json — do not edit. Run: nx run demo:typegen\nfrom __future__ import annotations\n\nfrom pydantic import BaseModel, ConfigDict\n\n\nclass PluginConfig(BaseModel):\n    model_config = ConfigDict(extra="allow", populate_by_name=True, validate_default=True)\n\n\n__all__ = ["PluginConfig"]\n',
    );
  });
});
