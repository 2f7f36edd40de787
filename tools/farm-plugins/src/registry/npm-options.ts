import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

/** What every registry call takes: the folder whose npm config applies, and a log line sink. */
export interface RegistryOptions {
  cwd: string;
  log?: (line: string) => void;
  /** Environment to read `npm_config_*`, `HOME` and `PATH` from; `process.env` by default (never changed). */
  env?: NodeJS.ProcessEnv;
  /** Where downloads are extracted; the system temp folder by default. */
  tempDir?: string;
}

/** npm's configuration for one command, as npm itself would hand it to pacote. */
export interface NpmOptions {
  /**
   * @npmcli/config's `flat` options (registry, `@scope:registry`, `//host/:_authToken`, proxy,
   * https-proxy, noproxy, ca/cafile, strict-ssl, fetch-retries, cache, save-prefix, engine-strict…)
   * plus one packument cache for the command, so a package's document is fetched once.
   */
  flat: NpmFlatOptions;
  /** The version of the npm whose builtin config was read (for `engines.npm`), null without one. */
  npmVersion: string | null;
}

/**
 * Reads npm's configuration for `cwd` with npm's own loader (@npmcli/config and its definitions):
 * the builtin `npmrc` of the npm on PATH, `npm_config_*` variables, the project `.npmrc` (npm's
 * local prefix, workspace roots included), the user and the global config, `${VAR}` expansion —
 * exactly the sources and precedence `npm install` uses. `options.env` is copied: npm's loader
 * exports non-default values into the environment it is given, and ours must stay untouched.
 */
export async function loadNpmOptions(options: RegistryOptions): Promise<NpmOptions> {
  const Config: typeof import('@npmcli/config') = require('@npmcli/config');
  const { definitions, shorthands, flatten, nerfDarts } = require('@npmcli/config/lib/definitions');
  const env = { ...(options.env ?? process.env) };
  const npmPath = npmInstallDir(env);
  const config = new Config({
    definitions,
    shorthands,
    flatten,
    nerfDarts,
    npmPath,
    argv: [process.execPath, 'farm'],
    cwd: options.cwd,
    env,
    execPath: process.execPath,
    platform: process.platform,
    excludeNpmCpuConfigs: true,
  });
  await config.load();
  let npmVersion: string | null = null;
  try {
    npmVersion = JSON.parse(readFileSync(join(npmPath, 'package.json'), 'utf8')).version ?? null;
  } catch {
    // no npm next to this node: engines.npm cannot be checked, as with npm's own `force`
  }
  return { flat: { ...config.flat, npmVersion, packumentCache: new Map() }, npmVersion };
}

/**
 * The folder of the npm a user's `npm install` would run: the first `npm` on PATH, followed to
 * its `bin/npm-cli.js`; else the npm bundled beside this node. Its `npmrc` is npm's builtin config.
 */
function npmInstallDir(env: NodeJS.ProcessEnv): string {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const bin = join(dir, 'npm');
    if (!existsSync(bin)) continue;
    try {
      const real = realpathSync(bin);
      if (real.endsWith(join('bin', 'npm-cli.js'))) return dirname(dirname(real));
    } catch {
      // a dangling link: try the next PATH entry
    }
  }
  return join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm');
}

/** The registry npm uses for a package name (`@scope:registry`, else `registry`), ending in `/`. */
export function registryFor(npm: NpmOptions, name: string): string {
  const { pickRegistry }: typeof import('npm-registry-fetch') = require('npm-registry-fetch');
  const url = pickRegistry(name, npm.flat);
  return url.endsWith('/') ? url : `${url}/`;
}

/**
 * Runs `work` with npm's `http` log lines (`GET 200 <url> 12ms`, emitted by npm-registry-fetch
 * through proc-log as process 'log' events) forwarded to `log`.
 */
export async function withNpmLog<T>(log: ((line: string) => void) | undefined, work: () => Promise<T>): Promise<T> {
  if (!log) return work();
  const listener = (level: string, ...args: unknown[]) => {
    if (level === 'http' || level === 'warn') log(args.map(String).join(' '));
  };
  process.on('log' as never, listener as never);
  try {
    return await work();
  } finally {
    process.off('log' as never, listener as never);
  }
}
