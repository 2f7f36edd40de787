import { posix } from 'node:path';
import { tsString } from '../../emit/shared/code-strings';
import type { FrontendPlan } from '../../plan/types';
import { styleFiles } from '../file-names';
import type { KindModule } from '../types';

/** `frontend.styles`: style sheets `styles.ts` imports for their side effect. */
export const stylesKind: KindModule = {
  name: 'style',
  section: 'frontend',
  key: 'styles',
  host: 'frontend',
  slot: ['frontend', 'styles'],
  plan({ plugins, ctx, byPlugin }) {
    const styles: FrontendPlan['styles'] = [];
    for (const plugin of plugins) {
      (plugin.loaded.manifest.frontend?.styles ?? []).forEach((style, i) => {
        const source = ctx.file(plugin, style, `/frontend/styles/${i}`);
        if (source) styles.push(ctx.origin(plugin, `/frontend/styles/${i}`, { source }));
      });
    }
    return ctx.importable(styles, 'style', (s) => s.pointer, byPlugin);
  },
  emit: {
    file: 'styles.ts',
    contents: (plan, { outDir }) =>
      [
        ...plan.frontend.styles.map((s) => `import ${tsString(posix.relative(outDir, s.source))};`),
        'export {};',
        '',
      ].join('\n'),
  },
  paths: (manifest) =>
    (manifest.frontend?.styles ?? []).map((style, i) => ({
      name: style,
      export: '',
      path: style,
      pointer: `/frontend/styles/${i}`,
      pathPointer: `/frontend/styles/${i}`,
    })),
  frontendImport: 'style',
  files: styleFiles,
};
