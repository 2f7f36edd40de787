/**
 * `--config` as JSON (`'{"jwt":{"secret":"s"}}'`) or as key=value pairs with dotted keys
 * (`jwt.secret=s,maxTokens=500`); values are read as JSON when they parse, else as strings.
 */
export function parseConfigOption(value: string | Record<string, unknown> | undefined): Record<string, unknown> {
  if (value === undefined || value === '') return {};
  if (typeof value === 'object') return value;
  const text = value.trim();
  if (text.startsWith('{')) {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new Error(`--config is not valid JSON: ${(error as Error).message}`);
    }
  }
  const config: Record<string, unknown> = {};
  for (const pair of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`--config: "${pair}" is not key=value`);
    const path = pair.slice(0, eq).split('.');
    let target = config;
    for (const key of path.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
    const raw = pair.slice(eq + 1);
    try {
      target[path[path.length - 1]] = JSON.parse(raw);
    } catch {
      target[path[path.length - 1]] = raw;
    }
  }
  return config;
}
