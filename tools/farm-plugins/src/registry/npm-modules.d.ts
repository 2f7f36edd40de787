// Types for the parts of npm's own libraries the registry client uses (they ship none). Shapes
// from their sources: pacote 21 lib/fetcher.js + lib/registry.js, npm-package-arg 13, npm-registry-
// fetch 19 lib/index.js, npm-install-checks 8 lib/index.js, @npmcli/config 10 lib/index.js.

/** Options npm passes to pacote and npm-registry-fetch: @npmcli/config's `flat` object. */
type NpmFlatOptions = Record<string, unknown>;

declare module 'npm-package-arg' {
  interface HostedGit {
    default?: string;
    https(options?: { noGitPlus?: boolean; noCommittish?: boolean }): string;
  }
  interface Result {
    type: 'git' | 'tag' | 'version' | 'range' | 'file' | 'directory' | 'remote' | 'alias';
    name: string | null;
    escapedName: string | null;
    raw: string;
    rawSpec: string;
    saveSpec: string | null;
    fetchSpec: string | null;
    gitCommittish?: string | null;
    gitRange?: string;
    hosted?: HostedGit | null;
    subSpec?: Result;
    registry?: boolean;
  }
  function npa(spec: string, where?: string): Result;
  namespace npa {
    export type { Result };
    /** `name` with `spec` (a version, range, tag, path, URL…); throws EINVALIDPACKAGENAME. */
    export function resolve(name: string, spec: string, where?: string): Result;
  }
  export = npa;
}

declare module 'pacote' {
  interface Manifest {
    name: string;
    version: string;
    description?: string;
    keywords?: string[];
    engines?: Record<string, string>;
    os?: string[];
    cpu?: string[];
    dist?: { tarball: string; integrity?: string; shasum?: string };
    _resolved: string;
    _integrity?: string;
    _id: string;
    [key: string]: unknown;
  }
  interface Packument {
    name: string;
    description?: string;
    'dist-tags': Record<string, string>;
    versions: Record<string, Manifest>;
    keywords?: string[];
  }
  type Tarball = Buffer & { integrity: string; resolved: string; from: string };
  class Fetcher {
    constructor(spec: string | import('npm-package-arg').Result, opts: NpmFlatOptions);
    /** The registry the spec resolves on (`@scope:registry`, else `registry`). */
    registry: string;
    resolved: string | null;
    manifest(): Promise<Manifest>;
    packument(): Promise<Packument>;
    /** The tarball's bytes, checked against the manifest's integrity (EINTEGRITY otherwise). */
    tarball(): Promise<Tarball>;
  }
  export class RegistryFetcher extends Fetcher {}
  export class RemoteFetcher extends Fetcher {}
}

declare module 'npm-registry-fetch' {
  function fetch(url: string, opts: NpmFlatOptions): Promise<unknown>;
  namespace fetch {
    export function json(url: string, opts: NpmFlatOptions): Promise<unknown>;
    export function pickRegistry(spec: string, opts: NpmFlatOptions): string;
  }
  export = fetch;
}

declare module 'npm-install-checks' {
  /** Throws EBADENGINE when `engines.node` / `engines.npm` refuse the versions given. */
  export function checkEngine(
    target: { _id?: string; engines?: Record<string, string> },
    npmVersion: string | null,
    nodeVersion: string | null,
    force?: boolean,
  ): void;
  /** Throws EBADPLATFORM when `os` / `cpu` / `libc` refuse this machine. */
  export function checkPlatform(
    target: { _id?: string; os?: string[]; cpu?: string[]; libc?: string[] },
    force?: boolean,
  ): void;
}

declare module '@npmcli/config' {
  class Config {
    constructor(options: {
      definitions: unknown;
      shorthands: unknown;
      flatten: unknown;
      nerfDarts: unknown;
      npmPath: string;
      argv: string[];
      cwd: string;
      env: NodeJS.ProcessEnv;
      execPath: string;
      platform: string;
      excludeNpmCpuConfigs?: boolean;
    });
    load(): Promise<void>;
    readonly flat: NpmFlatOptions;
    /** Where a key's value came from: `default`, `builtin`, `env`, `project`, `user`, `global`. */
    find(key: string): string | null;
    get(key: string, where?: string): unknown;
    localPrefix: string;
  }
  export = Config;
}

declare module '@npmcli/config/lib/definitions' {
  export const definitions: unknown;
  export const shorthands: unknown;
  export const flatten: unknown;
  export const nerfDarts: unknown;
}

declare module '@npmcli/config/lib/nerf-dart' {
  function nerfDart(url: string): string;
  export = nerfDart;
}
