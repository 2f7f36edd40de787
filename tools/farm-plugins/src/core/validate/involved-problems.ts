import { problem, type FarmProblem } from '../errors';
import { dependencyNames, findCycles } from '../graph';
import { projectNameOf, type LoadedManifest } from '../manifest';
import type { FarmState } from '../state';

/**
 * The resolver reports a cycle on its first member and a conflict on the side that declares it.
 * Every plugin involved must fail its own validate too — so `nx affected -t validate` catches the
 * problem whichever manifest is edited — so this reports them again, located in this manifest.
 */
export function involvedProblems(state: FarmState, loaded: LoadedManifest): FarmProblem[] {
  const name = loaded.manifest.name;
  const byName = new Map(state.manifests.map((m) => [m.manifest.name, m]));
  const at = (pointer: string) => ({ plugin: name, file: loaded.file, pointer, ...loaded.document.locate(pointer) });
  const problems: FarmProblem[] = [];

  // Cycles through this plugin are reachable from it: look in its dependency closure.
  const closure = new Set<string>();
  const queue = [name];
  while (queue.length) {
    const next = queue.pop()!;
    if (closure.has(next) || !byName.has(next)) continue;
    closure.add(next);
    queue.push(...dependencyNames(byName.get(next)!));
  }
  const edgesOf = (n: string) => dependencyNames(byName.get(n)!).filter((d) => closure.has(d) && d !== n);
  for (const cycle of findCycles([...closure], edgesOf)) {
    const i = cycle.indexOf(name);
    if (i <= 0) continue; // not in it, or the resolver already reports it here
    const rotated = [...cycle.slice(i, -1), ...cycle.slice(0, i), name];
    const field = (loaded.manifest.dependencies ?? []).some((d) => d.name === rotated[1])
      ? 'dependencies'
      : 'peerDependencies';
    const index = (loaded.manifest[field] ?? []).findIndex((d) => d.name === rotated[1]);
    problems.push(problem('FARM_E025', `dependency cycle: ${rotated.join(' → ')}`, at(`/${field}/${index}`)));
  }

  // Conflicts declared against this plugin by one it depends on, or by another active plugin.
  const active = (n: string) => state.workspace?.plugins[n]?.active === true;
  const own = new Set(loaded.manifest.conflicts ?? []);
  for (const other of [...byName.keys()].sort()) {
    if (other === name || own.has(other) || !(byName.get(other)!.manifest.conflicts ?? []).includes(name)) continue;
    if (!closure.has(other) && !(active(name) && active(other))) continue;
    problems.push(
      problem('FARM_E024', `conflicts with ${other} (declared by ${other}); they cannot be active together`, {
        ...at('/name'),
        fix: `nx g @farm/plugins:deactivate ${projectNameOf(other)} (or ${projectNameOf(name)})`,
      }),
    );
  }
  return problems;
}
