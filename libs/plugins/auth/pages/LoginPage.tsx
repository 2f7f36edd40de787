import { Link, useNavigate, useSearchParams } from 'react-router';
import LoginForm from '../components/LoginForm';
import { safeNext } from '../lib/next';
import '../auth.css';

// Route /login: after signing in, go back to where ProtectedRoute sent us from (?next=).
export default function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(params.get('next'));
  const query = params.toString();

  return (
    <main className="farm-auth-page">
      <h1>Sign in</h1>
      <LoginForm onSuccess={() => navigate(next, { replace: true })} />
      <p>
        No account? <Link to={`/register${query ? `?${query}` : ''}`}>Create one</Link>
      </p>
    </main>
  );
}
