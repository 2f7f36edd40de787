import { useEffect, useState } from 'react';
import { useAuth } from '../../auth/hooks/useAuth';
import { apiFetch } from '../../auth/lib/api';

interface Result {
  token: string; // which session the list was fetched for
  models: string[];
  error: string | null;
}

// Model names the backend's AI router can serve (GET /chat/models), fetched once per session.
export function useAIModels() {
  const { token } = useAuth();
  const [result, setResult] = useState<Result | null>(null);

  useEffect(() => {
    if (!token) return;
    const controller = new AbortController();
    apiFetch<unknown[]>('/chat/models', { token, signal: controller.signal }).then(
      (list) => setResult({ token, models: list.map(modelName), error: null }),
      (err: unknown) => {
        if (!controller.signal.aborted) {
          setResult({ token, models: [], error: err instanceof Error ? err.message : String(err) });
        }
      },
    );
    return () => controller.abort();
  }, [token]);

  const current = token !== null && result?.token === token ? result : null;
  return {
    models: current?.models ?? [],
    error: current?.error ?? null,
    loading: token !== null && current === null,
  };
}

// The contract is a list of names; tolerate `{name}` objects too.
function modelName(entry: unknown): string {
  return typeof entry === 'string' ? entry : String((entry as { name?: unknown } | null)?.name ?? entry);
}
