import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { combineSchemas, viewSchema, type ConfigSchemaView } from '../config';
import type { JsonSchema, PluginConfigSchema } from '../manifest';
import { prng } from './prng';

/** One generated configSchema and configs to read with it: valid ones, ones with keys left out, broken ones. */
export interface ConfigCase {
  id: string;
  schema: PluginConfigSchema;
  configs: unknown[];
}

/**
 * Seeded configSchemas and configs for the differential test (issue 14, scripts/config-differential.js):
 * the keywords docs/manifest.md says both languages read alike — types and unions, properties,
 * required, additionalProperties: false, items, enum / const, bounds, lengths, patterns, `$ref` into
 * `$defs` / `definitions` / the root (recursive ones too), `allOf`, defaults at every level — with
 * config keys Python and JavaScript find awkward. The same seed gives the same cases.
 */
export function generateConfigCases(seed: number, count: number, configsPerSchema = 6): ConfigCase[] {
  const random = prng(seed);
  return Array.from({ length: count }, (_, i) => new CaseBuilder(random).build(`s${seed}-${i}`, configsPerSchema));
}

/** Where each disagreement the differential test found is kept, as a case every run reads first. */
export const differentialFixturesDir = join(__dirname, '../emit/config-types/__fixtures__/differential');

/** The fixtures: `{ description, found, schema, configs }` per file, sorted by name; the id is the file name. */
export function loadDifferentialFixtures(dir = differentialFixturesDir): ConfigCase[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const { schema, configs } = JSON.parse(readFileSync(join(dir, f), 'utf8')) as ConfigCase;
      return { id: f.replace(/\.json$/, ''), schema, configs };
    });
}

/** Keys plain, reserved in Python (builtins, keywords, BaseModel names), Object.prototype's, or no identifier at all. */
const plainKeys = [
  'a',
  'b',
  'c',
  'port',
  'name',
  'enabled',
  'retry',
  'timeout',
  'level',
  'items',
  'url',
  'ttl',
  'size',
  'mode',
  'tags',
  'limits',
];
const awkwardKeys = [
  'class',
  'str',
  'int',
  'type',
  'match',
  '_x',
  'x_',
  'my-key',
  'model_config',
  'schema',
  'json',
  'copy',
  'constructor',
  'toString',
  'hasOwnProperty',
  'Optional',
  'MISSING',
  'Field',
  '1st',
  'a b',
  'ä',
  '',
];

/** Patterns whose meaning JavaScript's `u` regexes and pydantic's agree on, with strings that match and strings that do not. */
const patterns: { pattern: string; match: string[]; miss: string[] }[] = [
  { pattern: '^[a-z]+$', match: ['abc', 'z', 'hello'], miss: ['ABC', 'a1', 'a b'] },
  { pattern: '^[A-Z][a-z0-9_-]*$', match: ['Abc', 'X', 'Q9_-'], miss: ['abc', '9X', 'A b'] },
  { pattern: '^https?://', match: ['http://a', 'https://x.y/z'], miss: ['ftp://a', 'http:/a'] },
  { pattern: '\\.json$', match: ['a.json', 'x/y.json'], miss: ['a.jsonx', 'json'] },
  { pattern: 'ab', match: ['xaby', 'ab'], miss: ['ba', 'a-b'] },
];
const strings = [
  '',
  'x',
  'hello',
  'Hello World',
  'ü',
  '日本',
  '😀',
  'a"b',
  "it's",
  'back\\slash',
  'line\nbreak',
  '80',
  'true',
  'null',
];
const numbers = [0, 1, -1, 2, 3, 7, 10, 42, 100, 0.5, -2.25, 1.5, 1000];

class CaseBuilder {
  private defs: Record<string, JsonSchema> = {};
  private defsKey: '$defs' | 'definitions' = '$defs';
  private root: JsonSchema = {};

  constructor(private readonly random: () => number) {}

  build(id: string, configsPerSchema: number): ConfigCase {
    this.defsKey = this.chance(0.5) ? '$defs' : 'definitions';
    const defCount = this.chance(0.5) ? 1 + this.int(3) : 0;
    const defNames = Array.from({ length: defCount }, (_, i) =>
      this.pick([`d${i}`, `def${i}`, `node${i}`, `a b${i}`, `c/d${i}`]),
    );
    // Declared first, filled in after: a definition may refer to itself or to another one.
    for (const name of defNames) this.defs[name] = {};
    for (const name of defNames)
      Object.assign(this.defs[name]!, this.chance(0.3) ? this.recursiveDefinition(name) : this.schema(2, defNames));
    this.root = this.objectSchema(3, defNames);
    if (defCount) this.root[this.defsKey] = this.defs;
    // Now that every $ref resolves: defaults, and the configs.
    this.addDefaults(this.root, new Set());
    const configs: unknown[] = [];
    for (let i = 0; i < configsPerSchema; i++) configs.push(this.config(i));
    return { id, schema: this.root as PluginConfigSchema, configs };
  }

  // --- schemas ---

  private schema(depth: number, defNames: readonly string[]): JsonSchema {
    const kinds: [number, () => JsonSchema][] = [
      [3, () => this.scalarSchema()],
      [1, () => ({ ...this.scalarSchema(), type: [this.pick(['string', 'integer', 'number', 'boolean']), 'null'] })],
      [1, () => this.enumSchema()],
      [depth > 0 ? 2 : 0, () => this.objectSchema(depth - 1, defNames)],
      [
        depth > 0 ? 2 : 0,
        () => ({
          type: 'array',
          items: this.schema(depth - 1, defNames),
          ...this.maybe(0.3, () => ({ minItems: this.int(2) })),
          ...this.maybe(0.3, () => ({ maxItems: 2 + this.int(3) })),
        }),
      ],
      [defNames.length ? 2 : 0, () => ({ $ref: this.refTo(this.pick(defNames)) })],
      [depth > 0 ? 1 : 0, () => this.allOfSchema(depth - 1, defNames)],
      [0.3, () => ({ $ref: '#' })],
    ];
    return this.weighted(kinds)();
  }

  private scalarSchema(): JsonSchema {
    const type = this.pick(['string', 'string', 'integer', 'number', 'boolean']);
    if (type === 'string') {
      const p = this.chance(0.25) ? { pattern: this.pick(patterns).pattern } : {};
      return {
        type,
        ...p,
        ...this.maybe(0.25, () => ({ minLength: this.int(3) })),
        ...this.maybe(0.25, () => ({ maxLength: 3 + this.int(8) })),
      };
    }
    if (type === 'integer' || type === 'number') {
      const bounds: JsonSchema = {};
      if (this.chance(0.3)) bounds.minimum = this.pick([-1, 0, 1, 2]);
      if (this.chance(0.3)) bounds.maximum = this.pick([5, 10, 100]);
      if (this.chance(0.15)) bounds.exclusiveMinimum = this.pick([-1, 0]);
      if (this.chance(0.15)) bounds.exclusiveMaximum = this.pick([50, 1000]);
      return { type, ...bounds };
    }
    return { type };
  }

  private enumSchema(): JsonSchema {
    const kind = this.int(5);
    if (kind === 0) return { type: 'string', enum: this.some(['info', 'debug', 'warn', 'x y', ''], 1) };
    if (kind === 1) return { enum: this.some([1, 2, 3, 0.5, true, false, null, 'one'], 1) };
    if (kind === 2) return { const: this.pick(['v1', 1, true, null]) };
    if (kind === 3) return { type: 'integer', enum: this.some([1, 2, 3, 10], 1) };
    return { enum: this.some([{ k: 1 }, [1, 2], 'plain', 2], 1) };
  }

  private objectSchema(depth: number, defNames: readonly string[]): JsonSchema {
    const keys = this.some([...plainKeys, ...this.some(awkwardKeys, 0, 3)], 1, 5);
    const properties: Record<string, JsonSchema> = {};
    for (const key of keys) properties[key] = this.schema(depth, defNames);
    const required = keys.filter(() => this.chance(0.3));
    return {
      type: 'object',
      properties,
      ...(required.length ? { required } : {}),
      ...this.maybe(0.3, () => ({ additionalProperties: false })),
    };
  }

  /** allOf members that each give some properties (often with no `type`), maybe a $ref among them. */
  private allOfSchema(depth: number, defNames: readonly string[]): JsonSchema {
    const members: JsonSchema[] = [];
    for (let i = 1 + this.int(2); i > 0; i--) {
      const object = this.objectSchema(depth, defNames);
      if (this.chance(0.5)) delete object.type;
      // A member's additionalProperties: false would forbid the other members' keys.
      delete object.additionalProperties;
      members.push(object);
    }
    const objectDefs = defNames.filter((n) => this.defs[n]?.type === 'object' && !this.defs[n]?.additionalProperties);
    if (objectDefs.length && this.chance(0.4)) members.push({ $ref: this.refTo(this.pick(objectDefs)) });
    return {
      type: 'object',
      allOf: members,
      ...this.maybe(0.3, () => ({ properties: { [this.pick(plainKeys)]: this.scalarSchema() } })),
    };
  }

  /** A tree node: `next` and `children` refer back to it. */
  private recursiveDefinition(name: string): JsonSchema {
    const ref = () => ({ $ref: this.refTo(name) });
    return {
      type: 'object',
      properties: { value: this.scalarSchema(), next: ref(), children: { type: 'array', items: ref() } },
    };
  }

  private refTo(name: string): string {
    return `#/${this.defsKey}/${encodeURIComponent(name.replace(/~/g, '~0').replace(/\//g, '~1'))}`;
  }

  /** Defaults on some schemas, usually valid (from the value generator), sometimes not. */
  private addDefaults(schema: unknown, seen: Set<unknown>): void {
    if (!isObject(schema) || seen.has(schema)) return;
    seen.add(schema);
    for (const key of ['properties', '$defs', 'definitions'] as const) {
      if (isObject(schema[key]))
        for (const child of Object.values(schema[key] as object)) this.addDefaults(child, seen);
    }
    if (isObject(schema.items)) this.addDefaults(schema.items, seen);
    if (Array.isArray(schema.allOf)) schema.allOf.forEach((m) => this.addDefaults(m, seen));
    // Not on the root, and rarely on a $ref or an object: most defaults sit on leaves.
    if (schema === this.root || !this.chance(typeof schema.$ref === 'string' || schema.type === 'object' ? 0.15 : 0.35))
      return;
    schema.default = this.chance(0.9) ? this.value(schema, 2, 'partial') : this.anyValue();
  }

  // --- values ---

  /** Configs: only what is required (the rest from defaults), full ones, then broken copies. */
  private config(i: number): unknown {
    if (i === 0) return this.value(this.root, 4, 'required');
    if (i === 1) return this.value(this.root, 4, 'full');
    const base = this.value(this.root, 4, this.chance(0.5) ? 'partial' : 'required');
    if (!this.chance(0.85)) return base;
    // workspace.json holds an object per plugin: break something inside it.
    for (let attempt = 0; attempt < 5; attempt++) {
      const broken = this.breakValue(base, this.root, 4);
      if (isObject(broken)) return broken;
    }
    return base;
  }

  /**
   * A value the schema accepts (as far as the generator can tell): `required` gives only the
   * required keys, `partial` some others too, `full` all.
   */
  private value(schema: unknown, depth: number, keys: 'required' | 'partial' | 'full'): unknown {
    const view = viewSchema(schema, this.root);
    if (view.enum) return view.enum.length ? structuredClone(this.pick(view.enum)) : null;
    const types = (view.types ?? ['string', 'integer', 'boolean', 'null']).filter(
      (t) => depth > 0 || !['object', 'array'].includes(t),
    );
    const type = types.length ? this.pick(types) : 'null';
    switch (type) {
      case 'object':
        return this.objectValue(view, depth, keys);
      case 'array': {
        const min = bound(view, 'minItems', 'max') ?? 0;
        const max = Math.min(bound(view, 'maxItems', 'min') ?? 3, min + 3);
        const items = combineSchemas(view.items.length ? view.items : [{}]);
        return Array.from({ length: min + this.int(max - min + 1) }, () => this.value(items, depth - 1, keys));
      }
      case 'string':
        return this.stringValue(view);
      case 'integer':
      case 'number':
        return this.numberValue(view, type);
      case 'boolean':
        return this.chance(0.5);
      default:
        return null;
    }
  }

  private objectValue(
    view: ConfigSchemaView,
    depth: number,
    keys: 'required' | 'partial' | 'full',
  ): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (const [key, subschemas] of view.properties) {
      const take = view.required.has(key) || keys === 'full' || (keys === 'partial' && this.chance(0.5));
      if (take) define(result, key, this.value(combineSchemas(subschemas), depth - 1, keys));
    }
    if (!view.closed && this.chance(0.15))
      define(result, this.pick(['extra', 'x-extra', 'class_', 'str_']), this.anyValue());
    return result;
  }

  private stringValue(view: ConfigSchemaView): string {
    const pattern = view.parts.find((p) => typeof p.pattern === 'string')?.pattern;
    const min = bound(view, 'minLength', 'max') ?? 0;
    const max = bound(view, 'maxLength', 'min') ?? Infinity;
    const pool = pattern ? (patterns.find((p) => p.pattern === pattern)?.match ?? strings) : strings;
    const fits = pool.filter((s) => [...s].length >= min && [...s].length <= max);
    return fits.length ? this.pick(fits) : 'x'.repeat(Math.min(min, 50));
  }

  private numberValue(view: ConfigSchemaView, type: 'integer' | 'number'): number {
    const fits = numbers.filter((n) => (type === 'number' || Number.isInteger(n)) && inBounds(view, n));
    return fits.length ? this.pick(fits) : (bound(view, 'minimum', 'max') ?? 0);
  }

  /** A copy with one thing broken somewhere: a wrong type, a missing required key, an extra key where none is allowed, a value out of bounds. */
  private breakValue(value: unknown, schema: unknown, depth: number): unknown {
    const view = viewSchema(schema, this.root);
    if (isObject(value) && depth > 0 && view.properties.size && this.chance(0.6)) {
      const copy: Record<string, unknown> = { ...value };
      const keys = Object.keys(copy).filter((k) => view.properties.has(k));
      const move = this.int(3);
      if (move === 0 && keys.length) {
        const key = this.pick(keys);
        define(copy, key, this.breakValue(copy[key], combineSchemas(view.properties.get(key)!), depth - 1));
        return copy;
      }
      if (move === 1 && view.required.size) {
        delete copy[this.pick([...view.required])];
        return copy;
      }
      if (move === 2 && view.closed) {
        define(copy, 'unexpected', 1);
        return copy;
      }
    }
    if (Array.isArray(value) && value.length && view.items.length && this.chance(0.5)) {
      const copy = [...value];
      const at = this.int(copy.length);
      copy[at] = this.breakValue(copy[at], combineSchemas(view.items), depth - 1);
      return copy;
    }
    return this.wrongValue(view);
  }

  /** A value of another type, or of the right type but out of bounds / pattern / enum. */
  private wrongValue(view: ConfigSchemaView): unknown {
    const candidates: unknown[] = [
      '80',
      80,
      1.5,
      true,
      1,
      0,
      null,
      [],
      {},
      'x',
      -5,
      1000000,
      'ABC',
      'ftp://a',
      'a.jsonx',
    ];
    if (view.types?.includes('string')) candidates.push('a'.repeat(12), '');
    const pattern = view.parts.find((p) => typeof p.pattern === 'string')?.pattern;
    if (pattern) candidates.push(...(patterns.find((p) => p.pattern === pattern)?.miss ?? []));
    return structuredClone(this.pick(candidates));
  }

  private anyValue(): unknown {
    return structuredClone(this.pick<unknown>(['x', 1, 0.5, true, null, [], {}, ['a'], { k: 'v' }, -1]));
  }

  // --- randomness ---

  private int(n: number): number {
    return Math.floor(this.random() * n);
  }
  private chance(p: number): boolean {
    return this.random() < p;
  }
  /** One of `items`, which must not be empty. */
  private pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  /** Between `min` and `max` distinct items, in their order. */
  private some<T>(items: readonly T[], min: number, max = items.length): T[] {
    const n = Math.min(items.length, min + this.int(max - min + 1));
    const chosen = new Set<number>();
    while (chosen.size < n) chosen.add(this.int(items.length));
    return [...chosen].sort((a, b) => a - b).map((i) => items[i]!);
  }
  private maybe<T extends object>(p: number, make: () => T): T | object {
    return this.chance(p) ? make() : {};
  }
  private weighted<T>(options: [number, T][]): T {
    const total = options.reduce((sum, [w]) => sum + w, 0);
    let r = this.random() * total;
    for (const [w, option] of options) if ((r -= w) < 0) return option;
    return options.at(-1)![1];
  }
}

/** The tightest bound the parts give: the largest lower (`max`), the smallest upper (`min`). */
function bound(view: ConfigSchemaView, keyword: string, pick: 'min' | 'max'): number | undefined {
  const values = view.parts.map((p) => p[keyword]).filter((v): v is number => typeof v === 'number');
  return values.length ? Math[pick](...values) : undefined;
}

function inBounds(view: ConfigSchemaView, n: number): boolean {
  const lower = bound(view, 'minimum', 'max');
  const upper = bound(view, 'maximum', 'min');
  const exclusiveLower = bound(view, 'exclusiveMinimum', 'max');
  const exclusiveUpper = bound(view, 'exclusiveMaximum', 'min');
  return (
    (lower === undefined || n >= lower) &&
    (upper === undefined || n <= upper) &&
    (exclusiveLower === undefined || n > exclusiveLower) &&
    (exclusiveUpper === undefined || n < exclusiveUpper)
  );
}

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
