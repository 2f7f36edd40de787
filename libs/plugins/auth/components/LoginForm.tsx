import { useState, type FormEvent } from 'react';
import { useAuth } from '../hooks/useAuth';
import '../auth.css';

export interface LoginFormProps {
  onSuccess?: (info: { email: string }) => void;
  /** Sign-in methods to offer; the FARM backend implements only "jwt" (email + password). */
  providers?: string[];
}

export default function LoginForm({ onSuccess, providers = ['jwt'] }: LoginFormProps) {
  const { login } = useAuth();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const unsupported = providers.filter((p) => p !== 'jwt');

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      await login(email, password);
      onSuccess?.({ email });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="farm-auth">
      {providers.includes('jwt') && (
        <form className="farm-auth__form" onSubmit={submit} data-testid="login-form">
          <label>
            Email
            <input
              type="email"
              name="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              data-testid="login-email"
            />
          </label>
          <label>
            Password
            <input
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              data-testid="login-password"
            />
          </label>
          {error && (
            <p className="farm-auth__error" role="alert" data-testid="login-error">
              {error}
            </p>
          )}
          <button type="submit" disabled={pending} data-testid="login-submit">
            {pending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      )}
      {unsupported.length > 0 && (
        <p className="farm-auth__note">Not available on this server: {unsupported.join(', ')}.</p>
      )}
    </div>
  );
}
