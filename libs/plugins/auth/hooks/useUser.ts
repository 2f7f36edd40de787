import { useEffect, useState } from 'react';
import { ApiError, apiFetch } from '../lib/api';
import { useAuth } from './useAuth';

export interface User {
  id: string;
  email: string;
  username: string;
  roles?: string[];
}

interface Result {
  token: string; // the token this result was fetched with, so a new login never shows a stale user
  user: User | null;
  error: string | null;
}

// The signed-in user from GET /users/me, refetched whenever the token changes.
export function useUser() {
  const { token, logout } = useAuth();
  const [result, setResult] = useState<Result | null>(null);

  useEffect(() => {
    if (!token) return;
    const controller = new AbortController();
    apiFetch<User>('/users/me', { token, signal: controller.signal }).then(
      (user) => setResult({ token, user, error: null }),
      (err: unknown) => {
        if (controller.signal.aborted) return;
        // The server no longer accepts this token (expired, secret rotated): sign out.
        if (err instanceof ApiError && err.status === 401) logout();
        setResult({ token, user: null, error: err instanceof Error ? err.message : String(err) });
      },
    );
    return () => controller.abort();
  }, [token, logout]);

  const current = token !== null && result?.token === token ? result : null;
  return {
    user: current?.user ?? null,
    error: current?.error ?? null,
    loading: token !== null && current === null,
  };
}
