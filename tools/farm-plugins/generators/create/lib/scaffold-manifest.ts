import type { FarmPluginManifest } from '../../../src/core/manifest';
import type { NormalizedCreateOptions } from './normalize-options';

/** The new plugin's plugin.json, contributing only what the options ask for. */
export function scaffoldManifest(o: NormalizedCreateOptions): FarmPluginManifest {
  return {
    name: o.packageName,
    version: '1.0.0',
    description: o.description,
    author: o.author,
    license: 'MIT',
    farmVersion: '^1.0.0',
    configSchema: {
      type: 'object',
      properties: {
        enabled: { type: 'boolean', default: true, description: 'Enable the plugin' },
        greeting: { type: 'string', default: `Hello from ${o.name}`, description: 'What the example router answers' },
      },
    },
    ...(o.frontend && {
      frontend: {
        components: { [o.componentName]: { path: `./components/${o.componentName}.tsx` } },
        hooks: { [`use${o.pascalName}`]: { path: `./hooks/use${o.pascalName}.ts` } },
        routes: [{ path: `/${o.name}`, component: `${o.pascalName}Page` }],
      },
    }),
    ...(o.backend && {
      backend: {
        routers: {
          [`${o.snakeName}_router`]: { path: `./routers/${o.snakeName}.py`, prefix: `/${o.name}`, tags: [o.name] },
        },
      },
    }),
    ...(o.ai && {
      ai: {
        providers: {
          [`${o.snakeName}_provider`]: {
            path: `./providers/${o.snakeName}_provider.py`,
            models: [`${o.name}-echo`],
            capabilities: ['chat', 'completion', 'embedding'],
          },
        },
      },
    }),
  };
}
