import type { ReactNode } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { pluginRoutes } from './plugins/routes';
import { ProtectedRoute } from './pluginSlots';
import Layout from './Layout';
import Home from './pages/Home';
import AppArea from './pages/AppArea';
import NotFound from './pages/NotFound';

// Without an auth plugin there is nobody to sign in, so /app is simply public.
function Protected({ children }: { children: ReactNode }) {
  return ProtectedRoute ? <ProtectedRoute>{children}</ProtectedRoute> : <>{children}</>;
}

export const router = createBrowserRouter([
  {
    path: '/',
    Component: Layout,
    // Shown while the first page's lazy route module (e.g. a plugin page) loads.
    HydrateFallback: () => <p className="host__main">Loading…</p>,
    children: [
      { index: true, Component: Home },
      {
        path: 'app',
        element: (
          <Protected>
            <AppArea />
          </Protected>
        ),
      },
      ...pluginRoutes, // absolute paths (/login, …) are valid children of "/"
      { path: '*', Component: NotFound },
    ],
  },
]);

export default function App() {
  return <RouterProvider router={router} />;
}
