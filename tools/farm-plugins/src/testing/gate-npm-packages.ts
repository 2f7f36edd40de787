import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeRegistry } from '../registry/testing/fake-registry';

/**
 * The packages the runtime gate's npm staging is tried with, published to a test registry: each
 * a real tarball with a `.d.ts`, as packages ship their types.
 *
 * - `gate-tiny-classes@2.1.0`: `classes(...tokens: Token[])`, its `Token` imported from its own
 *   dependency `gate-tiny-tokens@^1` (1.4.0: `string | false`);
 * - `gate-tiny-widget@1.0.0`: returns React's `ReactNode`, React a peer (never installed with it);
 * - `@acme/ui@3.0.0`: a scoped package, `ui: 3`;
 * - `gate-hostile@1.0.0`: preinstall, install and postinstall scripts that write
 *   `<marker>.pre`, `<marker>.install` and `<marker>`.
 *
 * `scope` (`@gate-e2e/`) puts the gate-* packages under a scope, for a workspace whose .npmrc
 * sends only that scope to the test registry.
 */
export function publishGatePackages(registry: FakeRegistry, marker: string, scope = ''): void {
  const types = (text: string) => ({ 'index.d.ts': text, 'index.js': 'module.exports = {};\n' });
  registry.publish(
    {
      name: `${scope}gate-tiny-classes`,
      version: '2.1.0',
      types: 'index.d.ts',
      dependencies: { [`${scope}gate-tiny-tokens`]: '^1.0.0' },
    },
    types(
      "import type { Token } from 'gate-tiny-tokens';\nexport declare function classes(...tokens: Token[]): string;\n",
    ),
  );
  registry.publish(
    { name: `${scope}gate-tiny-tokens`, version: '1.4.0', types: 'index.d.ts' },
    types('export type Token = string | false;\n'),
  );
  registry.publish(
    { name: `${scope}gate-tiny-widget`, version: '1.0.0', types: 'index.d.ts', peerDependencies: { react: '>=18' } },
    types("import type { ReactNode } from 'react';\nexport declare function widget(): ReactNode;\n"),
  );
  const write = (file: string) => `node -e "require('fs').writeFileSync('${file}', 'x')"`;
  registry.publish(
    {
      name: `${scope}gate-hostile`,
      version: '1.0.0',
      types: 'index.d.ts',
      scripts: { preinstall: write(`${marker}.pre`), install: write(`${marker}.install`), postinstall: write(marker) },
    },
    types('export declare const hostile: true;\n'),
  );
  registry.publish({ name: '@acme/ui', version: '3.0.0', types: 'index.d.ts' }, types('export declare const ui: 3;\n'));
}

/**
 * An environment for npm that leaves the machine's npm settings out: `env` without its
 * `npm_config_*` (an `npx jest` exports the user's), an empty user config and an npm cache in
 * `home`, no fetch retries (an unreachable registry fails at once). The workspace's `.npmrc`
 * then decides the registry, as it does for a user without those.
 */
export function isolatedNpmEnv(env: NodeJS.ProcessEnv, home: string): NodeJS.ProcessEnv {
  writeFileSync(join(home, '.npmrc'), '');
  return {
    ...Object.fromEntries(Object.entries(env).filter(([key]) => !/^npm_config_/i.test(key))),
    HOME: home,
    npm_config_userconfig: join(home, '.npmrc'),
    npm_config_cache: join(home, 'npm-cache'),
    npm_config_fetch_retries: '0',
  };
}
