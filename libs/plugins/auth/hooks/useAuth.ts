import { useSyncExternalStore } from 'react';
import { apiFetch } from '../lib/api';

// The session lives in localStorage so a reload keeps you signed in. A tiny external store makes
// every component that calls useAuth() re-render together when someone signs in or out.
const STORAGE_KEY = 'farm.auth.session';
const DEFAULT_TTL_SECONDS = 24 * 60 * 60;

interface Session {
  token: string;
  expiresAt: number; // epoch ms; an expired token is treated as signed out
}

export interface RegisteredUser {
  id: string;
  email: string;
  username: string;
}

interface LoginResponse {
  access_token: string;
  token_type: string;
  expires_in?: number;
}

const hasStorage = typeof window !== 'undefined' && typeof window.localStorage !== 'undefined';
const listeners = new Set<() => void>();
let session: Session | null = readSession();

function readSession(): Session | null {
  if (!hasStorage) return null;
  try {
    const parsed = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<Session> | null;
    return typeof parsed?.token === 'string' && typeof parsed.expiresAt === 'number'
      ? { token: parsed.token, expiresAt: parsed.expiresAt }
      : null;
  } catch {
    return null;
  }
}

function setSession(next: Session | null): void {
  session = next;
  if (hasStorage) {
    if (next) window.localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    else window.localStorage.removeItem(STORAGE_KEY);
  }
  listeners.forEach((notify) => notify());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function getToken(): string | null {
  return session && session.expiresAt > Date.now() ? session.token : null;
}

// Signing in or out in another tab updates this one too.
if (hasStorage) {
  window.addEventListener('storage', (event) => {
    if (event.key !== STORAGE_KEY) return;
    session = readSession();
    listeners.forEach((notify) => notify());
  });
}

export async function login(email: string, password: string): Promise<void> {
  const res = await apiFetch<LoginResponse>('/auth/login', { body: { email, password } });
  const ttl = typeof res.expires_in === 'number' ? res.expires_in : DEFAULT_TTL_SECONDS;
  setSession({ token: res.access_token, expiresAt: Date.now() + ttl * 1000 });
}

export function register(email: string, username: string, password: string): Promise<RegisteredUser> {
  return apiFetch<RegisteredUser>('/auth/register', { body: { email, username, password } });
}

export function logout(): void {
  setSession(null);
}

export function useAuth() {
  const token = useSyncExternalStore(subscribe, getToken, () => null);
  return { token, isAuthenticated: token !== null, login, register, logout };
}
