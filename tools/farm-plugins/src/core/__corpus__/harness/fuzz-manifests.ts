import type { FarmPluginManifest, JsonSchema } from '../../manifest';

export { prng } from '../../testing/prng';

/** Pieces that break naive escaping in TypeScript, Python, JSON, comments and docstrings. */
const nasty = [
  '"',
  "'",
  '`',
  '\\',
  '\\n',
  '\n',
  '\r',
  '\t',
  '\u2028',
  '\u2029',
  '\u0000',
  '\u0007',
  '\u007f',
  '\ufeff',
  '\u202e',
  '\u00a0',
  '"""',
  "'''",
  '${x}',
  '*/',
  '/*',
  '//',
  '#',
  '</script>',
  '{',
  '}',
  '%s',
  '{0}',
  '\\u0041',
  '\\x41',
  '\\N{BULLET}',
  'é',
  'ß',
  '日本',
  '😀',
  '\ud800',
  '\udc00',
  ' ',
  '; import os; ',
  '"); __import__("os"); ("',
  "'; eval('1'); '",
  '\n__import__("os")\n',
];
const pythonKeywords = [
  'class',
  'None',
  'True',
  'def',
  'lambda',
  'import',
  'from',
  'async',
  'await',
  'match',
  'case',
  'type',
  'print',
  'self',
];
const tsWords = [
  'default',
  'delete',
  'enum',
  'function',
  'new',
  'this',
  'void',
  'yield',
  'let',
  'await',
  'constructor',
  '__proto__',
  'prototype',
  'toString',
  'hasOwnProperty',
  'Object',
  'React',
];

export interface FuzzStats {
  names: number;
  strings: number;
}

export class ManifestFuzzer {
  readonly stats: FuzzStats = { names: 0, strings: 0 };
  constructor(private readonly random: () => number) {}

  int(n: number): number {
    return Math.floor(this.random() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.random() < p;
  }

  /** Per manifest: hostile names (keywords, non-identifiers) or only hostile strings. */
  hostileNames = false;

  /**
   * An identifier-ish name. With hostile names: often a Python or TS keyword, sometimes not an
   * identifier at all; otherwise a plain identifier (`$` only when `python` is false).
   */
  name(prefix = '', python = false): string {
    this.stats.names++;
    const roll = this.hostileNames ? this.random() : 1;
    let core: string;
    if (roll < 0.15) core = this.pick(pythonKeywords);
    else if (roll < 0.3) core = this.pick(tsWords);
    else if (roll < 0.38) core = this.pick(['a-b', '1abc', 'ä', 'x y', '', 'a.b', '$', '_', '__init__', 'a$b']);
    else {
      const first = python
        ? 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_'
        : 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$';
      const rest = `${first}0123456789`;
      core =
        first[this.int(first.length)] +
        Array.from({ length: 2 + this.int(10) }, () => rest[this.int(rest.length)]).join('');
    }
    return prefix ? prefix + core.charAt(0).toUpperCase() + core.slice(1) : core;
  }

  /** A string with quotes, newlines, unicode and injection attempts mixed into plain text. */
  string(): string {
    this.stats.strings++;
    const parts = Array.from({ length: 1 + this.int(5) }, () => (this.chance(0.55) ? this.pick(nasty) : this.word()));
    return parts.join('');
  }

  word(): string {
    return this.pick(['hello', 'x', 'route', 'users', 'api', 'v1', 'My Plugin', 'a b', '0', 'Ünïcödé']);
  }

  /** A path inside the plugin, often with characters that need escaping in an import. */
  path(dir: string, ext: string, pythonModule = false): string {
    const segment = pythonModule
      ? !this.hostileNames || this.chance(0.7)
        ? `m${this.int(1000)}_${this.name('', true)}`
        : this.pick(['class', 'my-mod', '1x', 'import'])
      : this.chance(0.5)
        ? this.string().replace(/[\\\0/]/g, '_') || 'f'
        : this.name() || 'f';
    return `./${dir}/${segment}${ext}`;
  }

  json(depth = 0): unknown {
    const roll = this.random();
    if (depth > 3 || roll < 0.3) return this.string();
    if (roll < 0.4) return this.pick([0, -1, 1.5, 1e21, 123456789, -0.25]);
    if (roll < 0.5) return this.pick([true, false, null]);
    if (roll < 0.75) return Array.from({ length: this.int(4) }, () => this.json(depth + 1));
    const out: Record<string, unknown> = {};
    for (let i = this.int(4); i > 0; i--) {
      const key = this.chance(0.15) ? '__proto__' : this.string();
      Object.defineProperty(out, key, {
        value: this.json(depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }

  configSchema(depth = 0): JsonSchema {
    const properties: Record<string, JsonSchema> = {};
    for (let i = 1 + this.int(4); i > 0; i--) {
      const key = this.chance(0.5)
        ? this.string()
        : this.pick([
            this.name(),
            'Field',
            'Optional',
            'List',
            'BaseModel',
            'Config',
            'dict',
            'json',
            'PluginConfigX',
            'class',
            '__proto__',
          ]);
      const roll = this.random();
      const prop: JsonSchema =
        roll < 0.2 && depth < 2
          ? this.configSchema(depth + 1)
          : roll < 0.4
            ? { type: 'string', enum: Array.from({ length: 1 + this.int(3) }, () => this.string()) }
            : roll < 0.55
              ? { type: 'array', items: { type: this.pick(['string', 'number', 'boolean']) } }
              : { type: this.pick(['string', 'number', 'integer', 'boolean']) };
      if (this.chance(0.5)) prop.description = this.string();
      if (this.chance(0.3) && prop.type === 'string' && !prop.enum) prop.default = this.string();
      if (this.chance(0.15)) prop.title = this.string();
      if (this.chance(0.1))
        prop.tsType = this.pick([
          'string; export const injected = 1',
          'any } export declare const x: 1; interface Q {',
        ]);
      Object.defineProperty(properties, key, { value: prop, enumerable: true, writable: true, configurable: true });
    }
    return {
      type: 'object',
      properties,
      ...(this.chance(0.3) ? { description: this.string() } : {}),
      ...(this.chance(0.2) ? { additionalProperties: false } : {}),
    };
  }

  /** A manifest that uses every integration point with fuzzed names and strings. */
  manifest(index: number): Partial<FarmPluginManifest> & { name: string } {
    this.hostileNames = this.chance(0.35);
    const pluginName = this.chance(0.2)
      ? `@fuzz/${this.pick(['class', 'import', 'none', 'def', 'plugin-if', 'async'])}-${index}`.replace(/-\d+$/, (m) =>
          this.chance(0.5) ? '' : m,
        )
      : `@fuzz/p${index}-${this.pick(['a', 'b.c', 'd~e', 'f_g'])}`;
    const components: Record<string, { path: string; async?: boolean }> = {};
    for (let i = this.int(3); i > 0; i--)
      components[this.name()] = { path: this.path('components', '.tsx'), async: this.chance(0.5) };
    const hooks: Record<string, { path: string }> = {};
    for (let i = this.int(3); i > 0; i--) hooks[this.name('use')] = { path: this.path('hooks', '.ts') };
    const firstComponent = Object.keys(components)[0];
    return {
      name: pluginName,
      description: this.string(),
      configSchema: this.configSchema() as FarmPluginManifest['configSchema'],
      defaultConfig: { note: this.string(), nested: this.json() },
      frontend: {
        components,
        hooks,
        routes: firstComponent ? [{ path: `/${this.string()}`, component: firstComponent }] : [],
        styles: this.chance(0.5) ? [this.path('styles', '.css')] : [],
        vitePlugins: this.chance(0.6) ? [{ module: this.path('vite', '.ts'), options: this.json() }] : [],
      },
      backend: {
        routers: {
          [this.name('', true)]: {
            path: this.path('routers', '.py', true),
            prefix: `/${this.pick(['a', 'b-c', 'x.y', '{id}', 'v1:beta', '~u'])}${index}`,
            tags: [this.string(), this.string()],
          },
        },
        middleware: {
          [this.name('', true)]: {
            path: this.path('middleware', '.py', true),
            order: this.int(100),
            conditions: this.chance(0.5) ? [{ path: `/${this.string()}`, methods: ['GET'] }] : undefined,
          },
        },
        tasks: {
          [this.name('', true)]: {
            path: this.path('tasks', '.py', true),
            schedule: this.string(),
            queue: this.string(),
          },
        },
        models: {
          [this.name('', true)]: {
            path: this.path('models', '.py', true),
            collection: `c${index}_${this.pick(['a', 'b.c', 'd-e'])}`,
            indexes: [
              this.string(),
              {
                keys: { [this.string()]: this.pick([1, -1, 'text'] as const) },
                name: this.string(),
                unique: this.chance(0.5),
              },
            ],
          },
        },
      },
      ai: {
        providers: {
          [`prov${index}`]: {
            path: this.path('providers', '.py', true),
            models: [this.string()],
            capabilities: ['chat'],
          },
        },
        models: {
          [`m${index}.${this.pick(['a', 'b:c', 'd-e'])}`]: {
            provider: `prov${index}`,
            config: { prompt: this.string(), extra: this.json() },
            requirements: { note: this.string() },
          },
        },
        pipelines: {
          [this.name('', true)]: {
            path: this.path('pipelines', '.py', true),
            inputTypes: [this.string()],
            outputTypes: [this.string()],
          },
        },
        endpoints: {
          [this.name('', true)]: {
            path: this.path('endpoints', '.py', true),
            method: 'POST',
            streaming: this.chance(0.5),
          },
        },
      },
    };
  }
}
