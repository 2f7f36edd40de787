import { posix } from 'node:path';
import { tsString } from '../../emit/shared/code-strings';
import { escapePointer as e } from '../../json';
import { sortedEntries } from '../../plan/plan-context';
import { relativeImport } from '../../plan/plugin-paths';
import type { FrontendPlan, IntegrationPlan } from '../../plan/types';
import { codeEntryPaths } from '../entries';
import { scriptFiles } from '../file-names';
import type { KindModule } from '../types';
import { exportsAndRecord, importLine } from './typescript-index';

/**
 * `frontend.components`: React components, exported from the generated `components/index.ts` by
 * their key (`async` ones through React.lazy). A key is one name across all active plugins.
 */
export const componentsKind: KindModule = {
  name: 'component',
  section: 'frontend',
  key: 'components',
  host: 'frontend',
  codeKind: 'component',
  slot: ['frontend', 'components'],
  plan({ plugins, ctx, byPlugin }) {
    const components: FrontendPlan['components'] = [];
    for (const plugin of plugins) {
      for (const [name, c] of sortedEntries(plugin.loaded.manifest.frontend?.components)) {
        const symbol = ctx.tsSymbol(plugin, 'component', name, c, `/frontend/components/${e(name)}`, {
          async: c.async === true,
        });
        if (symbol) components.push(symbol);
      }
    }
    return ctx.importable(
      ctx.unique(components, (c) => c.name, 'component', byPlugin),
      'code',
      (c) => `${c.pointer}/path`,
      byPlugin,
    );
  },
  emit: {
    file: 'components/index.ts',
    contents: (plan, { outDir }) => componentsIndex(plan, posix.join(outDir, 'components')),
  },
  paths: (manifest) => codeEntryPaths('component', '/frontend/components', manifest.frontend?.components),
  frontendImport: 'code',
  exportCheck: {
    code: 'FARM_E080',
    language: 'script',
    check: (facts, file, name) => facts.componentProblem(file, name),
  },
  files: scriptFiles,
};

function componentsIndex(plan: IntegrationPlan, dir: string): string {
  const { components } = plan.frontend;
  const from = (c: (typeof components)[number]) => tsString(relativeImport(dir, c.source));
  const eager = components.filter((c) => !c.async);
  const lazy = components.filter((c) => c.async);
  const lines = [
    ...(lazy.length ? [`import { lazy } from 'react';`] : []),
    ...eager.map((c) => importLine(c, from(c))),
    // React.lazy takes a module whose default export is the component: a named one is moved there.
    ...(lazy.length
      ? [
          '',
          ...lazy.map(
            (c) =>
              `const ${c.local} = lazy(() => import(${from(c)})${c.export === 'default' ? '' : `.then((m) => ({ default: m.${c.export} }))`});`,
          ),
        ]
      : []),
  ];
  return [...lines, ...(lines.length ? [''] : []), ...exportsAndRecord(components, 'PluginComponents')].join('\n');
}
