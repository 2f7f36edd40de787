import { posix } from 'node:path';
import { tsString } from '../../emit/shared/code-strings';
import type { ResolvedPlugin } from '../../graph';
import { findCycles } from '../../graph/find-cycles';
import { topologicalOrder } from '../../graph/topological-order';
import { escapePointer as e } from '../../json';
import { sortedEntries, type PlanContext } from '../../plan/plan-context';
import { relativeImport } from '../../plan/plugin-paths';
import type { FrontendPlan } from '../../plan/types';
import { codeEntryPaths } from '../entries';
import { scriptFiles } from '../file-names';
import type { KindModule } from '../types';
import { exportsAndRecord, importLine } from './typescript-index';

/** `frontend.hooks`: React hooks in `hooks/index.ts`, a hook's `dependencies` before it. */
export const hooksKind: KindModule = {
  name: 'hook',
  section: 'frontend',
  key: 'hooks',
  host: 'frontend',
  codeKind: 'hook',
  slot: ['frontend', 'hooks'],
  plan({ plugins, ctx, byPlugin }) {
    const hooks: FrontendPlan['hooks'] = [];
    for (const plugin of plugins) {
      for (const [name, h] of sortedEntries(plugin.loaded.manifest.frontend?.hooks)) {
        const symbol = ctx.tsSymbol(plugin, 'hook', name, h, `/frontend/hooks/${e(name)}`);
        if (symbol) hooks.push(symbol);
      }
    }
    const ordered = orderHooks(
      ctx.unique(hooks, (h) => h.name, 'hook', byPlugin),
      ctx,
      byPlugin,
    );
    return ctx.importable(ordered, 'code', (h) => `${h.pointer}/path`, byPlugin);
  },
  emit: {
    file: 'hooks/index.ts',
    contents(plan, { outDir }) {
      const dir = posix.join(outDir, 'hooks');
      const { hooks } = plan.frontend;
      const lines = hooks.map((h) => importLine(h, tsString(relativeImport(dir, h.source))));
      return [...lines, ...(lines.length ? [''] : []), ...exportsAndRecord(hooks, 'PluginHooks')].join('\n');
    },
  },
  paths: (manifest) => codeEntryPaths('hook', '/frontend/hooks', manifest.frontend?.hooks),
  frontendImport: 'code',
  exportCheck: { code: 'FARM_E081', language: 'script', check: (facts, file, name) => facts.hookProblem(file, name) },
  files: scriptFiles,
};

/** Hooks a hook depends on come before it; unknown or cyclic dependencies are reported. */
function orderHooks(
  hooks: FrontendPlan['hooks'],
  ctx: PlanContext,
  byPlugin: Map<string, ResolvedPlugin>,
): FrontendPlan['hooks'] {
  const byName = new Map(hooks.map((h) => [h.name, h]));
  const dependenciesOf = new Map<string, string[]>();
  for (const hook of hooks) {
    const declared = byPlugin.get(hook.plugin)!.loaded.manifest.frontend!.hooks![hook.name]!.dependencies ?? [];
    declared.forEach((dep, i) => {
      if (!byName.has(dep))
        ctx.report(
          'FARM_E055',
          `hook ${hook.name} depends on ${dep}, which no active plugin provides`,
          byPlugin.get(hook.plugin)!,
          `${hook.pointer}/dependencies/${i}`,
        );
    });
    dependenciesOf.set(
      hook.name,
      declared.filter((d) => byName.has(d)),
    );
  }
  for (const cycle of findCycles([...byName.keys()], (n) => dependenciesOf.get(n) ?? [])) {
    const hook = byName.get(cycle[0]!)!;
    ctx.report(
      'FARM_E055',
      `hook dependency cycle: ${cycle.join(' → ')}`,
      byPlugin.get(hook.plugin)!,
      `${hook.pointer}/dependencies`,
    );
  }
  // Keep plugin order (then name) as the tie-break, as everywhere else.
  const rank = new Map(hooks.map((h, i) => [h.name, String(i).padStart(8, '0')]));
  const order = topologicalOrder([...rank.values()], (r) =>
    (dependenciesOf.get(hooks[Number(r)]!.name) ?? []).map((d) => rank.get(d)!),
  );
  return order.map((r) => hooks[Number(r)]!);
}
