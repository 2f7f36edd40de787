import { resolvePluginGraph } from '../graph';
import type { FarmPluginManifest } from '../manifest';
import { buildIntegrationPlan } from '../plan';
import { fixtureManifest, fixtureWorkspace } from './manifest-fixtures';

/** Resolves and plans fixture manifests as if every declared file existed (unless `missing`). */
export function planFixtures(
  specs: (Partial<FarmPluginManifest> & { name: string })[],
  options: {
    missing?: string[];
    environment?: 'development' | 'production';
    config?: Record<string, Record<string, unknown>>;
    /** The app's npm packages: name → installed version (absent: npm dependencies not checked). */
    installedPackages?: Record<string, string>;
  } = {},
) {
  const manifests = specs.map(fixtureManifest);
  const workspace = {
    ...fixtureWorkspace(manifests, { config: options.config }),
    environment: options.environment ?? 'development',
  };
  const resolved = resolvePluginGraph({ manifests, workspace });
  const exists = (file: string) => !options.missing?.includes(file) && !file.includes('/pages/');
  const { plan, problems } = buildIntegrationPlan({
    plugins: resolved.order,
    environment: workspace.environment,
    exists,
    installedPackages: options.installedPackages && ((name) => options.installedPackages![name]),
  });
  return { plan, problems: [...resolved.problems, ...problems] };
}

/** A plugin that uses every integration point, for emitter snapshots. */
export const kitchenSink: (Partial<FarmPluginManifest> & { name: string })[] = [
  {
    name: '@farm/base',
    configSchema: { type: 'object', properties: { level: { type: 'string', default: 'info' } } },
    frontend: {
      // Badge and Gauge are named exports (`export`), Gauge loaded lazily; /badge routes to Badge.
      components: {
        Panel: { path: './components/Panel.tsx' },
        Chart: { path: './components/Chart.tsx', async: true },
        Badge: { path: './components/Badge.tsx', export: 'Badge' },
        Gauge: { path: './components/Gauge.tsx', export: 'Gauge', async: true },
      },
      routes: [{ path: '/badge', component: 'Badge' }],
      hooks: {
        useBase: { path: './hooks/useBase.ts' },
        useBaseTheme: { path: './hooks/theme.ts', export: 'useTheme' },
      },
      styles: ['./styles/base.css'],
      vitePlugins: [{ module: './vite/inspect.ts', options: { build: true } }],
    },
    backend: {
      // `items` is also a router key of @farm/plugin-extra: keys are names within a plugin.
      routers: {
        base_router: { path: './routers/base.py', prefix: '/base', tags: ['base'] },
        items: { path: './routers/items.py', export: 'router', prefix: '/items' },
      },
      middleware: {
        timing: { path: './middleware/timing.py', order: 10 },
        audit: {
          path: './middleware/audit.py',
          order: 50,
          conditions: [{ path: '/admin', methods: ['POST', 'DELETE'] }],
        },
        debug_toolbar: { path: './middleware/debug.py', order: 5, conditions: [{ environment: ['production'] }] },
      },
      tasks: { cleanup: { path: './tasks/cleanup.py', schedule: '*/5 * * * *', queue: 'maintenance' } },
      models: {
        Event: {
          path: './models/event.py',
          collection: 'events',
          indexes: ['at', { keys: { kind: 1, at: -1 }, unique: true }],
        },
      },
      dependencies: [
        { name: 'httpx', version: '0.23.0' },
        { name: 'PyYAML', version: '>=6' },
      ],
    },
    database: { collections: { audit_log: { indexes: [{ keys: { at: -1 }, expireAfterSeconds: 86400 }] } } },
  },
  {
    name: '@farm/plugin-extra',
    dependencies: [{ name: '@farm/base', version: '^1.0.0' }],
    frontend: {
      hooks: { useExtra: { path: './hooks/useExtra.ts', dependencies: ['useBase'] } },
      routes: [{ path: '/extra', component: 'ExtraPage', file: './ExtraPage.tsx' }],
    },
    backend: {
      routers: {
        extra_router: { path: './routers/extra/__init__.py', prefix: '/extra', middleware: ['timing'] },
        items: { path: './routers/items.py', export: 'router', prefix: '/extra/items' },
      },
      models: { Event: { path: './models/event.py', export: 'ExtraEvent', collection: 'extra_events' } },
      dependencies: [{ name: 'httpx', version: '0.23.0' }],
    },
    ai: {
      providers: { local_llm: { path: './providers/local.py', models: ['tiny'], capabilities: ['chat', 'embedding'] } },
      models: {
        'tiny-chat': {
          provider: 'local_llm',
          config: { temperature: 0.2, note: 'say "hi"\n' },
          requirements: { memory: '1GB' },
        },
      },
      pipelines: { clean_text: { path: './pipelines/clean.py', inputTypes: ['text'], outputTypes: ['text'] } },
      endpoints: { complete: { path: './endpoints/complete.py', method: 'POST', streaming: true } },
    },
  },
];
