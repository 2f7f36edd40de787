import { posix } from 'node:path';
import { relativeImport, type IntegrationPlan } from '../../plan';
import { canonical } from './typescript-check';

/** Every string (keys included) and every sub-value (as canonical JSON) of some data. */
export function collectValues(value: unknown, into: { strings: Set<string>; literals: Set<string> }): void {
  const pending: unknown[] = [value];
  while (pending.length) {
    const v = pending.pop();
    into.literals.add(canonical(v));
    if (typeof v === 'string') into.strings.add(v);
    else if (Array.isArray(v)) pending.push(...v);
    else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        into.strings.add(k);
        into.literals.add(canonical(k));
        pending.push(child);
      }
    }
  }
}

/** Identifiers a plan legitimately puts into code: names, collision-free locals, aliases, module path segments. */
export function planNames(plan: IntegrationPlan): Set<string> {
  const names = new Set<string>();
  for (const p of plan.plugins) names.add(p.pythonAlias);
  for (const r of plan.frontend.routes) names.add(r.export);
  const symbols = [
    ...plan.frontend.components,
    ...plan.frontend.hooks,
    ...plan.backend.routers,
    ...plan.backend.middleware,
    ...plan.backend.tasks,
    ...plan.backend.models,
    ...plan.ai.providers,
    ...plan.ai.pipelines,
    ...plan.ai.endpoints,
  ];
  for (const s of symbols) {
    names.add(s.name).add(s.export).add(s.local);
    for (const segment of s.module.split('.')) names.add(segment);
  }
  return names;
}

/** The import specifiers the React emitter may write: relative paths from its output folders to plan sources. */
export function planSpecifiers(plan: IntegrationPlan, outDir: string): Set<string> {
  const dirs = [outDir, posix.join(outDir, 'components'), posix.join(outDir, 'hooks')];
  const sources = [...plan.frontend.components, ...plan.frontend.hooks, ...plan.frontend.routes].map((s) => s.source);
  const out = new Set<string>(['react', 'react-router']);
  for (const dir of dirs) for (const source of sources) out.add(relativeImport(dir, source));
  for (const style of plan.frontend.styles) out.add(posix.relative(outDir, style.source));
  return out;
}
