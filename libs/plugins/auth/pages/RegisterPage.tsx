import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useAuth } from '../hooks/useAuth';
import { safeNext } from '../lib/next';
import '../auth.css';

// Route /register: create the account, sign straight in, then continue to ?next= (or home).
export default function RegisterPage() {
  const { register, login } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const query = params.toString();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      await register(email, username, password);
      await login(email, password);
      navigate(safeNext(params.get('next')), { replace: true });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setPending(false);
    }
  }

  return (
    <main className="farm-auth-page">
      <h1>Create account</h1>
      <form className="farm-auth__form" onSubmit={submit} data-testid="register-form">
        <label>
          Email
          <input
            type="email"
            name="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            data-testid="register-email"
          />
        </label>
        <label>
          Username
          <input
            name="username"
            autoComplete="username"
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            data-testid="register-username"
          />
        </label>
        <label>
          Password
          <input
            type="password"
            name="password"
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="register-password"
          />
        </label>
        {error && (
          <p className="farm-auth__error" role="alert" data-testid="register-error">
            {error}
          </p>
        )}
        <button type="submit" disabled={pending} data-testid="register-submit">
          {pending ? 'Creating account…' : 'Create account'}
        </button>
      </form>
      <p>
        Already registered? <Link to={`/login${query ? `?${query}` : ''}`}>Sign in</Link>
      </p>
    </main>
  );
}
