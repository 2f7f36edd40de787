// One fetch wrapper so every plugin talks to the backend the same way: under /api (the Vite
// dev/preview proxy strips it), JSON in and out, FastAPI's `{detail}` turned into an Error.
export const API_BASE = '/api';

export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

export interface ApiOptions {
  method?: string;
  body?: unknown;
  token?: string | null;
  signal?: AbortSignal;
}

export function apiRequest(path: string, { method, body, token, signal }: ApiOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  return fetch(`${API_BASE}${path}`, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
}

export async function apiFetch<T>(path: string, options?: ApiOptions): Promise<T> {
  const res = await apiRequest(path, options);
  if (!res.ok) throw await toApiError(res);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

// FastAPI sends `{detail: "..."}` for HTTPException and `{detail: [{msg, loc}]}` for validation.
export async function toApiError(res: Response): Promise<ApiError> {
  let message = `${res.status} ${res.statusText}`.trim();
  try {
    const data: unknown = await res.json();
    const detail = (data as { detail?: unknown } | null)?.detail;
    if (typeof detail === 'string') message = detail;
    else if (Array.isArray(detail)) message = detail.map((d: { msg?: string }) => d?.msg ?? String(d)).join('; ');
  } catch {
    // Not JSON (e.g. the proxy's 502 page): keep the status line.
  }
  return new ApiError(res.status, message);
}
