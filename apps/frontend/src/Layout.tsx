import { Suspense } from 'react';
import { Link, Outlet } from 'react-router';
import { pluginRoutes } from './plugins/routes';
import { useAuth, type UseAuthHook } from './pluginSlots';

// Plugin components may be React.lazy ("async": true), so the outlet sits under Suspense.
export default function Layout() {
  return (
    <div className="host">
      <header className="host__bar">
        <Link to="/" className="host__brand">
          FARM
        </Link>
        <nav className="host__nav">
          <Link to="/">Home</Link>
          <Link to="/app">App</Link>
          {useAuth && <SessionLinks useAuth={useAuth} />}
        </nav>
      </header>
      <Suspense fallback={<p className="host__main">Loading…</p>}>
        <Outlet />
      </Suspense>
    </div>
  );
}

function SessionLinks({ useAuth }: { useAuth: UseAuthHook }) {
  const { isAuthenticated, logout } = useAuth();
  if (isAuthenticated)
    return (
      <button type="button" className="host__link" onClick={logout}>
        Sign out
      </button>
    );
  return pluginRoutes.some((r) => r.path === '/login') ? <Link to="/login">Sign in</Link> : null;
}
