/** Keys that reach an object's prototype when assigned (`a.__proto__.x=…`): never config keys. */
const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * `--config` as JSON (`'{"jwt":{"secret":"s"}}'`) or as key=value pairs with dotted keys
 * (`jwt.secret=s,maxTokens=500`); values are read as JSON when they parse, else as strings.
 * Objects built from key=value pairs have no prototype, and `__proto__`, `constructor` and
 * `prototype` are refused as keys in either form, so no input can reach Object.prototype
 * (the prototype-pollution class of bugs, CWE-1321). Throws Error naming the bad pair or key.
 */
export function parseConfigOption(value: string | Record<string, unknown> | undefined): Record<string, unknown> {
  if (value === undefined || value === '') return {};
  if (typeof value === 'object') return refuseForbiddenKeys(value, '');
  const text = value.trim();
  if (text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new Error(`--config is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
    return refuseForbiddenKeys(parsed as Record<string, unknown>, '');
  }
  const config: Record<string, unknown> = Object.create(null);
  for (const pair of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`--config: "${pair}" is not key=value`);
    const path = pair.slice(0, eq).split('.');
    const bad = path.find((key) => forbiddenKeys.has(key) || key === '');
    if (bad !== undefined)
      throw new Error(`--config: "${pair}": ${bad === '' ? 'an empty key' : `"${bad}"`} cannot be a config key`);
    const last = path.pop()!; // split() gives at least one key
    let target = config;
    for (const key of path) {
      const next = Object.prototype.hasOwnProperty.call(target, key)
        ? target[key]
        : (target[key] = Object.create(null));
      if (typeof next !== 'object' || next === null || Array.isArray(next))
        throw new Error(`--config: "${pair}": ${key} already holds a value that is not an object`);
      target = next as Record<string, unknown>;
    }
    const raw = pair.slice(eq + 1);
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = raw;
    }
    target[last] = refuseForbiddenKeys(parsed, pair);
  }
  return config;
}

function refuseForbiddenKeys<T>(value: T, where: string): T {
  if (typeof value !== 'object' || value === null) return value;
  for (const key of Object.keys(value)) {
    if (forbiddenKeys.has(key))
      throw new Error(`--config${where ? `: "${where}"` : ''}: "${key}" cannot be a config key`);
    refuseForbiddenKeys((value as Record<string, unknown>)[key], where);
  }
  return value;
}
