import type { FarmErrorCode } from '../core/errors';

/**
 * A registry operation that failed, said so a person can act on it: its catalogue code, what was
 * asked of which registry, what happened, and what to do about it.
 */
export class RegistryError extends Error {
  constructor(
    readonly code: FarmErrorCode,
    message: string,
    readonly fix: string,
    readonly status?: number,
  ) {
    super(`${code} ${message}\n  fix: ${fix}`);
    this.name = 'RegistryError';
  }
}

/** The fields npm's libraries put on their errors (npm-registry-fetch, pacote, ssri, npm-pick-manifest, minipass-fetch). */
interface NpmError extends Error {
  code?: string;
  statusCode?: number;
  uri?: string;
  body?: unknown;
  wanted?: string;
  versions?: string[];
  distTags?: Record<string, string>;
  expected?: unknown;
  found?: unknown;
  required?: Record<string, unknown>;
  current?: Record<string, unknown>;
}

/** What was being done, for the message: `@farm/plugin-x@^1 on http://r/`, and the registry and its credential key. */
export interface NpmErrorContext {
  what: string;
  registry: string;
  /** npm's credential key prefix for the registry (`//host:port/path/`). */
  credentialsKey: string;
  /** Whether npm's config holds a credential for that registry. */
  sentAuth: boolean;
}

/** Node's codes for a TLS certificate npm does not trust (FARM_E090). */
export const tlsCodes: ReadonlySet<string> = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_NOT_YET_VALID',
]);
/** Node's and npm's codes for a registry that did not answer (FARM_E090). */
export const networkCodes: ReadonlySet<string> = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'ERR_SOCKET_TIMEOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'FETCH_ERROR',
  'ECONNABORTED',
]);

/**
 * Maps an error of npm's libraries to the FARM catalogue, keeping npm's code in the message
 * (npm's `E404`, `ETARGET`, `EINTEGRITY`, `ENOTFOUND`, `E401`/`E403`, `EBADENGINE`…): FARM_E090
 * unreachable (network, proxy, TLS), E091 refused, E092 not found, E093 other answers, E094 no
 * version (in range at all, or — npm's EBADENGINE with engine-strict, EBADPLATFORM — for this
 * machine), E096 integrity, E097 spec. Anything else is returned unchanged.
 */
export function fromNpmError(error: unknown, context: NpmErrorContext): unknown {
  // Duck-typed: errors from Node's own modules (sockets, zlib) may come from another realm than this one's Error.
  if (
    error instanceof RegistryError ||
    typeof error !== 'object' ||
    error === null ||
    typeof (error as Error).message !== 'string'
  )
    return error;
  // An 'error' event nobody listened to reaches us wrapped (pacote's tarball stream on EINTEGRITY).
  const wrapped = error as NpmError & { context?: unknown };
  const e = (
    wrapped.code === 'ERR_UNHANDLED_ERROR' && typeof wrapped.context === 'object' && wrapped.context
      ? wrapped.context
      : error
  ) as NpmError;
  const code = e.code ?? '';
  const { what, registry } = context;
  const origin = e.uri ? safeOrigin(e.uri) : safeOrigin(registry);
  if (code === 'E401' || code === 'E403' || code === 'EOTP') {
    return new RegistryError(
      'FARM_E091',
      `${what}: ${origin} refused the request (npm ${code}, HTTP ${e.statusCode ?? '?'}${context.sentAuth ? ', with the configured token' : ', no token configured'})${bodyText(e.body)}`,
      context.sentAuth
        ? `the token stored under ${context.credentialsKey}:_authToken is not accepted here; log in again (npm login --registry ${registry})`
        : `add a token for this registry to .npmrc: ${context.credentialsKey}:_authToken=<token> (or npm login --registry ${registry})`,
      e.statusCode,
    );
  }
  if (code === 'E404')
    return new RegistryError(
      'FARM_E092',
      `${what}: not found at ${e.uri ?? registry} (npm E404)`,
      'check the name and version, and which registry .npmrc points its scope at',
      404,
    );
  if (code === 'ETARGET' || code === 'ENOVERSIONS') {
    const tags = Object.entries(e.distTags ?? {})
      .map(([t, v]) => `${t}=${v}`)
      .join(', ');
    const available = e.versions?.length
      ? ` (available: ${summarize(e.versions)}${tags ? `; dist-tags: ${tags}` : ''})`
      : '';
    const detail =
      code === 'ENOVERSIONS'
        ? 'has no published versions'
        : `no version satisfies ${e.wanted ?? 'the range'}${available}`;
    return new RegistryError(
      'FARM_E094',
      `${what}: ${detail} (npm ${code})`,
      'pick one of the available versions, or publish one in the range',
    );
  }
  if (code === 'EINTEGRITY') {
    return new RegistryError(
      'FARM_E096',
      `${what}: integrity check failed — the registry says ${[e.expected ?? '?'].flat().map(String).join(' ')} but the downloaded tarball is ${String(e.found ?? '?')} (npm EINTEGRITY). Nothing was installed.`,
      'the tarball was changed after publishing or corrupted on the way; retry (npm cache verify), and if it persists report it to the registry or the package author',
    );
  }
  if (code === 'EBADENGINE' || code === 'EBADPLATFORM') {
    // npm-pick-manifest already prefers versions these accept: only a range with none reaches this.
    return new RegistryError(
      'FARM_E094',
      `${what}: the package requires ${JSON.stringify(e.required ?? {})}, this machine has ${JSON.stringify(e.current ?? {})} (npm ${code})`,
      code === 'EBADENGINE'
        ? 'install a version whose engines accept this Node and npm (or upgrade them); npm refuses it because engine-strict is set'
        : 'install the plugin on a machine its os/cpu/libc fields accept',
    );
  }
  if (code === 'EINVALIDPACKAGENAME' || code === 'EINVALIDTAGNAME' || code === 'EUNSUPPORTEDPROTOCOL') {
    return new RegistryError(
      'FARM_E097',
      `${what}: ${e.message} (npm ${code})`,
      'use a name like @farm/plugin-x or farm-plugin-x, optionally with @<version, range or dist-tag>',
    );
  }
  if (tlsCodes.has(code)) {
    return new RegistryError(
      'FARM_E090',
      `${what}: the TLS certificate of ${origin} is not trusted (${code}: ${e.message})`,
      'point cafile= in .npmrc at your registry’s or proxy’s CA certificate (npm config get cafile); strict-ssl=false turns the check off for every registry',
    );
  }
  if (networkCodes.has(code) || (e as { type?: string }).type === 'system') {
    return new RegistryError(
      'FARM_E090',
      `${what}: cannot reach ${origin} (${code || e.message}, after npm's fetch-retries)`,
      'check the network and the registry URL in .npmrc (registry=, @scope:registry=), and proxy=/https-proxy=/noproxy= if you are behind a proxy; npm config get registry shows what npm uses',
    );
  }
  if (/^E\d{3}$/.test(code))
    return new RegistryError(
      'FARM_E093',
      `${what}: ${e.uri ?? registry} answered HTTP ${e.statusCode ?? code.slice(1)}${bodyText(e.body)}`,
      'check the registry URL in .npmrc',
      e.statusCode,
    );
  if (code === 'EJSONPARSE' || /invalid json/i.test(e.message))
    return new RegistryError(
      'FARM_E093',
      `${what}: the answer is not an npm registry document (${e.message})`,
      'check that the configured registry URL points at an npm registry',
    );
  return error;
}

/** `1.0.0, 1.1.0, … 3.2.0` — a version list short enough for an error message (npm's order kept). */
function summarize(versions: string[]): string {
  return versions.length <= 8
    ? versions.join(', ')
    : `${versions.slice(0, 3).join(', ')}, … ${versions.slice(-4).join(', ')}`;
}

function bodyText(body: unknown): string {
  if (body === undefined || body === null || body === '') return '';
  const text = (Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : JSON.stringify(body))
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
  return text ? `: ${text}` : '';
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
