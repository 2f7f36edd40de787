import type { BackendPlan } from '../../plan/types';
import type { KindModule } from '../types';

/**
 * `backend.dependencies`: the active plugins' pip requirements, merged into `requirements.txt`
 * and resolved by uv into the backend's lock (generators, `backend:sync-deps`).
 */
export const requirementsKind: KindModule = {
  name: 'pip requirement',
  section: 'backend',
  key: 'dependencies',
  host: 'backend',
  slot: ['backend', 'requirements'],
  /**
   * One entry per package and specifier (PEP 503 names), sorted. Whether they can be satisfied
   * together is the resolver's call (uv), not a string comparison here: `==1.0` and `==1.0.0`
   * agree, `>=1` and `<2` too.
   */
  plan({ plugins, ctx }) {
    const merged = new Map<string, BackendPlan['requirements'][number]>();
    for (const plugin of plugins) {
      (plugin.loaded.manifest.backend?.dependencies ?? []).forEach((dep, i) => {
        const specifier = !dep.version ? '' : /^[<>=!~]/.test(dep.version) ? dep.version : `==${dep.version}`;
        const pointer = `/backend/dependencies/${i}`;
        if (!pipName.test(dep.name) || (specifier !== '' && !pipSpecifier.test(specifier))) {
          const fix =
            'name a PyPI project (letters, digits, . _ -, optional [extra,…]) and a version such as 1.2.3 or a PEP 440 specifier such as >=1.2,<2';
          ctx.report('FARM_E051', `"${dep.name}${specifier}" is not a valid pip requirement`, plugin, pointer, fix);
          return;
        }
        const key = `${normalizePackageName(dep.name)}\0${specifier}`;
        const entry = merged.get(key) ?? { name: dep.name, specifier, plugins: [], origins: [] };
        if (!entry.plugins.includes(plugin.name)) entry.plugins.push(plugin.name);
        entry.origins.push({ plugin: plugin.name, file: plugin.loaded.file, pointer });
        merged.set(key, entry);
      });
    }
    return [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
  },
  emit: {
    file: 'requirements.txt',
    contents: (plan) =>
      plan.backend.requirements.map((r) => `${r.name}${r.specifier}  # ${r.plugins.join(', ')}\n`).join(''),
  },
};

/**
 * A requirement's name and specifier as PEP 508 / PEP 440 write them, nothing else: no markers,
 * URLs (`@ https://…`) or options (`--index-url`) can reach uv through a manifest.
 */
const pipName =
  /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?(\[[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?(,[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?)*\])?$/;
const pipClause = String.raw` *(~=|===|==|!=|<=|>=|<|>) *[A-Za-z0-9.*+!_-]+ *`;
const pipSpecifier = new RegExp(`^${pipClause}(,${pipClause})*$`);

/** PEP 503: runs of `-`, `_` and `.` are one `-`, case-insensitive. */
export function normalizePackageName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}
