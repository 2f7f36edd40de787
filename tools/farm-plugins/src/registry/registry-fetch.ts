import { authorizationFor, nerfDart, numberConfig, type NpmConfig } from './npm-config';
import { RegistryError } from './registry-error';

export interface FetchContext {
  config: NpmConfig;
  /** The registry the request belongs to: where a missing or rejected token should be stored. */
  registry: string;
  log?: (line: string) => void;
}

const userAgent = `farm-plugins (node/${process.version} ${process.platform} ${process.arch})`;

/** GET a registry JSON document (packument, search), with npm's auth, timeout and retries. */
export async function getJson<T>(url: string, context: FetchContext, what: string): Promise<T> {
  const response = await registryGet(url, context, what, 'application/json');
  const text = await response.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new RegistryError('FARM_E093', `${what}: ${url} answered with something that is not JSON (${text.slice(0, 80).replace(/\s+/g, ' ')}…)`, 'check that the configured registry URL points at an npm registry');
  }
}

/** GET a tarball's bytes. */
export async function getBytes(url: string, context: FetchContext, what: string): Promise<Buffer> {
  const response = await registryGet(url, context, what, 'application/octet-stream');
  return Buffer.from(await response.arrayBuffer());
}

/**
 * One GET with the Authorization npm would send for this URL. Network errors, 429 and 5xx are
 * retried (`fetch-retries`, default 2); each attempt is bounded by `fetch-timeout` (default 60 s).
 */
async function registryGet(url: string, context: FetchContext, what: string, accept: string): Promise<Response> {
  const { config } = context;
  const retries = numberConfig(config, 'fetch-retries', 2);
  const timeout = numberConfig(config, 'fetch-timeout', 60_000);
  const authorization = authorizationFor(config, url);
  const headers: Record<string, string> = { accept, 'user-agent': userAgent, ...(authorization ? { authorization } : {}) };
  let lastProblem = '';
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    let response: Response;
    try {
      context.log?.(`GET ${url}${attempt ? ` (retry ${attempt})` : ''}`);
      response = await fetch(url, { headers, signal: AbortSignal.timeout(timeout), redirect: 'follow' });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      lastProblem = (error as Error).name === 'TimeoutError' ? `no answer within ${timeout} ms` : cause?.code ?? cause?.message ?? (error as Error).message;
      continue;
    }
    if (response.ok) return response;
    if (response.status === 429 || response.status >= 500) {
      lastProblem = `HTTP ${response.status}`;
      await response.body?.cancel();
      continue;
    }
    const body = (await response.text()).slice(0, 200).replace(/\s+/g, ' ').trim();
    throw httpError(what, url, response.status, body, authorization !== undefined, context.registry);
  }
  throw new RegistryError('FARM_E090',
    `${what}: cannot reach ${new URL(url).origin} (${lastProblem}, after ${retries + 1} attempt(s))`,
    'check the network and the registry URL in .npmrc (registry=, @scope:registry=); npm config get registry shows what npm uses',
  );
}

function httpError(what: string, url: string, status: number, body: string, sentAuth: boolean, registry: string): RegistryError {
  const origin = new URL(url).origin;
  const credentialsKey = nerfDart(registry);
  if (status === 401 || status === 403) {
    return new RegistryError('FARM_E091',
      `${what}: ${origin} refused the request (HTTP ${status}${sentAuth ? ', with the configured token' : ', no token configured'})${body ? `: ${body}` : ''}`,
      sentAuth
        ? `the token stored under ${credentialsKey}:_authToken is not accepted here; log in again (npm login --registry ${registry})`
        : `add a token for this registry to .npmrc: ${credentialsKey}:_authToken=<token> (or npm login --registry ${registry})`,
      status,
    );
  }
  if (status === 404) return new RegistryError('FARM_E092', `${what}: not found at ${url} (HTTP 404)`, 'check the name and version, and which registry .npmrc points its scope at', status);
  return new RegistryError('FARM_E093', `${what}: ${url} answered HTTP ${status}${body ? `: ${body}` : ''}`, 'check the registry URL in .npmrc', status);
}
