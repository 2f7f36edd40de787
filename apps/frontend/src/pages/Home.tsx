import { Link } from 'react-router';
import { PluginComponents } from '../plugins/components';
import { PluginHooks } from '../plugins/hooks';
import { pluginRoutes } from '../plugins/routes';

// Public landing page: shows what the active plugins contributed to this build.
export default function Home() {
  const components = Object.keys(PluginComponents);
  const hooks = Object.keys(PluginHooks);
  const routes = pluginRoutes.flatMap((r) => (r.path ? [r.path] : []));

  return (
    <main className="host__main">
      <h1>FARM</h1>
      <p>
        FastAPI + React + MongoDB, extended by plugins. <Link to="/app">Open the app</Link>.
      </p>
      <section data-testid="plugin-components">
        <h2>Plugin components</h2>
        <NameList names={components} empty="No plugin provides components." />
      </section>
      <section data-testid="plugin-hooks">
        <h2>Plugin hooks</h2>
        <NameList names={hooks} empty="No plugin provides hooks." />
      </section>
      <section data-testid="plugin-routes">
        <h2>Plugin routes</h2>
        {routes.length ? (
          <ul>
            {routes.map((path) => (
              <li key={path}>
                <Link to={path}>{path}</Link>
              </li>
            ))}
          </ul>
        ) : (
          <p>No plugin provides routes.</p>
        )}
      </section>
    </main>
  );
}

function NameList({ names, empty }: { names: string[]; empty: string }) {
  return names.length ? (
    <ul>
      {names.map((name) => (
        <li key={name}>
          <code>{name}</code>
        </li>
      ))}
    </ul>
  ) : (
    <p>{empty}</p>
  );
}
