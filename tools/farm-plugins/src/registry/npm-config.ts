import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';

/** npm's default registry, used when no config names another. */
export const defaultRegistry = 'https://registry.npmjs.org/';

/** The npm config that matters to a registry client, flattened from every source npm reads. */
export interface NpmConfig {
  /** Every key, highest-priority source winning (keys lower-cased except nerf-darted ones). */
  values: Record<string, string>;
  /** Where each value came from (`env`, a file path, `default`), for error messages. */
  sources: Record<string, string>;
  /** The files that were read, in priority order (highest first). */
  files: string[];
}

export interface NpmConfigOptions {
  /** Folder the command runs in; npm's project config is the `.npmrc` of its project root. */
  cwd: string;
  /** Defaults to `process.env`: `npm_config_*`, `HOME`, `${VAR}` expansion. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Reads npm config the way npm does (docs.npmjs.com/cli/configuring-npm/npmrc), highest first:
 * `npm_config_*` environment variables, the project `.npmrc`, the user config (`~/.npmrc` or
 * `npm_config_userconfig`), the global config (`$PREFIX/etc/npmrc` or `npm_config_globalconfig`).
 */
export function loadNpmConfig(options: NpmConfigOptions): NpmConfig {
  const env = options.env ?? process.env;
  const fromEnv = envConfig(env);
  const home = env.HOME || homedir();
  const userFile = expandHome(fromEnv.userconfig ?? join(home, '.npmrc'), home);
  const prefix = fromEnv.prefix ?? dirname(dirname(process.execPath));
  const globalFile = expandHome(fromEnv.globalconfig ?? join(prefix, 'etc', 'npmrc'), home);
  const projectFile = join(projectRoot(options.cwd), '.npmrc');

  const layers: { source: string; values: Record<string, string> }[] = [{ source: 'env', values: fromEnv }];
  const files: string[] = [];
  // A user config that *is* the project config is read once, as project config (npm does the same).
  for (const file of [...new Set([projectFile, userFile, globalFile])]) {
    if (!existsSync(file)) continue;
    files.push(file);
    layers.push({ source: file, values: parseNpmrc(readFileSync(file, 'utf8'), env) });
  }
  const values: Record<string, string> = {};
  const sources: Record<string, string> = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer.values)) {
      if (key in values) continue;
      values[key] = value;
      sources[key] = layer.source;
    }
  }
  values.registry ??= defaultRegistry;
  sources.registry ??= 'default';
  return { values, sources, files };
}

/**
 * An `.npmrc` as npm's `ini` reads it: `key = value` lines, `;`/`#` comments, quoted values,
 * `key[] = value` lists (kept as the last entry: no registry key is a list), `${VAR}` expanded
 * (`${VAR?}` to empty when unset; an unset `${VAR}` stays as written, as in npm).
 */
export function parseNpmrc(text: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  let section = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith(';') || line.startsWith('#')) continue;
    const header = /^\[(.*)\]$/.exec(line);
    if (header) {
      section = header[1].trim();
      continue;
    }
    const eq = line.indexOf('=');
    let key = (eq === -1 ? line : line.slice(0, eq)).trim();
    let value = eq === -1 ? 'true' : line.slice(eq + 1).trim();
    if (key.endsWith('[]')) key = key.slice(0, -2);
    if (/^(".*"|'.*')$/.test(value)) value = value.slice(1, -1);
    key = expandEnv(key, env);
    // Sections are not npm config; keep them apart so they never shadow a top-level key.
    out[section ? `${section}.${key}` : key] = expandEnv(value, env);
  }
  return out;
}

/** `npm_config_fetch_retries` → `fetch-retries`; nerf-darted keys (`//host/:_authToken`) verbatim. */
function envConfig(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [envKey, value] of Object.entries(env)) {
    if (!/^npm_config_/i.test(envKey) || value === undefined || value === '') continue;
    let key = envKey.slice('npm_config_'.length);
    if (!key.startsWith('//')) key = key.replace(/(?!^)_/g, '-').toLowerCase();
    out[key] = value;
  }
  return out;
}

function expandEnv(value: string, env: NodeJS.ProcessEnv): string {
  return value.replace(/(?<!\\)(\\*)\$\{([^${}?]+)(\?)?\}/g, (whole, escapes: string, name: string, optional?: string) => {
    // An odd number of backslashes escapes the `$`.
    if (escapes.length % 2) return whole.slice((escapes.length + 1) / 2);
    const found = env[name];
    return `${escapes.slice(escapes.length / 2)}${found ?? (optional ? '' : `\${${name}}`)}`;
  });
}

function expandHome(file: string, home: string): string {
  return file.startsWith('~/') ? join(home, file.slice(2)) : file;
}

/**
 * npm's "local prefix": the nearest folder at or above `cwd` with a package.json or node_modules —
 * or, when that folder is a member of an npm workspace, the workspace root above it.
 */
export function projectRoot(cwd: string): string {
  let found: string | undefined;
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) || existsSync(join(dir, 'node_modules'))) {
      found = dir;
      break;
    }
    if (dirname(dir) === dir) return cwd;
  }
  for (let dir = dirname(found); dirname(dir) !== dir; dir = dirname(dir)) {
    if (declaresWorkspace(dir, found)) return dir;
  }
  return found;
}

function declaresWorkspace(root: string, member: string): boolean {
  const file = join(root, 'package.json');
  if (!existsSync(file)) return false;
  let workspaces: unknown;
  try {
    workspaces = JSON.parse(readFileSync(file, 'utf8')).workspaces;
  } catch {
    return false;
  }
  const patterns = Array.isArray(workspaces) ? workspaces : Array.isArray((workspaces as { packages?: unknown })?.packages) ? (workspaces as { packages: unknown[] }).packages : [];
  const path = relative(root, member).split(sep).join('/');
  return patterns.some((pattern) => typeof pattern === 'string' && globToRegExp(pattern.replace(/^\.\//, '').replace(/\/$/, '')).test(path));
}

/** Enough of glob syntax for `workspaces` entries: `*` within a segment, `**` across segments. */
function globToRegExp(glob: string): RegExp {
  const source = glob
    .split('/')
    .map((segment) => (segment === '**' ? '.*' : segment.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')))
    .join('/');
  return new RegExp(`^${source}$`);
}

/** The registry for a package: its scope's `@scope:registry`, else `registry`; always ending in `/`. */
export function registryFor(config: NpmConfig, packageName: string): string {
  const scope = /^(@[^/]+)\//.exec(packageName)?.[1];
  const url = (scope && config.values[`${scope}:registry`]) || config.values.registry || defaultRegistry;
  return url.endsWith('/') ? url : `${url}/`;
}

/** `https://host:port/path/x` → `//host:port/path/`: the key prefix npm stores credentials under. */
export function nerfDart(url: string): string {
  const parsed = new URL(url);
  const path = parsed.pathname.endsWith('/') ? parsed.pathname : parsed.pathname.replace(/[^/]*$/, '');
  return `//${parsed.host}${path}`;
}

/**
 * The Authorization header npm would send to `url`: the credentials stored under the longest
 * nerf dart that prefixes it (`//host/path/:_authToken`, `:_auth`, `:username` + `:_password`).
 * Credentials are never sent to another host than the one they are stored for.
 */
export function authorizationFor(config: NpmConfig, url: string): string | undefined {
  const parsed = new URL(url);
  const segments = nerfDart(url).slice(`//${parsed.host}`.length).split('/').filter(Boolean);
  for (let n = segments.length; n >= 0; n--) {
    const key = `//${parsed.host}/${segments.slice(0, n).map((s) => `${s}/`).join('')}`;
    const get = (field: string) => config.values[`${key}:${field}`];
    const token = get('_authToken');
    if (token) return `Bearer ${token}`;
    const basic = get('_auth');
    if (basic) return `Basic ${basic}`;
    const username = get('username');
    const password = get('_password');
    if (username && password) return `Basic ${Buffer.from(`${username}:${Buffer.from(password, 'base64').toString('utf8')}`).toString('base64')}`;
  }
  return undefined;
}

/** A number-valued config key (`fetch-timeout`, `fetch-retries`), or the fallback. */
export function numberConfig(config: NpmConfig, key: string, fallback: number): number {
  const value = Number(config.values[key]);
  return Number.isFinite(value) && value >= 0 ? value : fallback;
}
