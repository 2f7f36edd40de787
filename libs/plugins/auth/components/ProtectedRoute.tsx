import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useAuth } from '../hooks/useAuth';
import { useUser } from '../hooks/useUser';

export interface ProtectedRouteProps {
  children: ReactNode;
  /** If given, the user needs at least one of these roles (users without `roles` are denied). */
  roles?: string[];
}

export default function ProtectedRoute({ children, roles }: ProtectedRouteProps) {
  const { isAuthenticated } = useAuth();
  const location = useLocation();
  if (!isAuthenticated) {
    // Come back here after signing in.
    const next = location.pathname + location.search + location.hash;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return roles && roles.length > 0 ? <RoleGate roles={roles}>{children}</RoleGate> : <>{children}</>;
}

// Split out so /users/me is fetched only when a role check is actually needed.
function RoleGate({ roles, children }: { roles: string[]; children: ReactNode }) {
  const { user, loading } = useUser();
  if (loading) return <p role="status">Checking access…</p>;
  if (!user?.roles?.some((role) => roles.includes(role))) {
    return (
      <p className="farm-auth__error" role="alert" data-testid="access-denied">
        You do not have access to this page.
      </p>
    );
  }
  return <>{children}</>;
}
