import { FarmError, problem, type FarmProblem } from '../../../src/core/errors';
import { topologicalOrder } from '../../../src/core/graph';
import type { FarmState } from '../../../src/core/state';
import type { FarmWorkspace } from '../../../src/core/workspace';
import { obtainPlugin, type ObtainedPlugin } from './obtain-plugin';

export interface PlannedInstall {
  plugin: ObtainedPlugin;
  /** Who pulled it in, for the progress output; undefined for what the user asked for. */
  neededBy?: string;
}

/**
 * What the user asked for plus every missing dependency, dependencies first. Every dependency
 * that cannot be obtained is reported together.
 */
export async function planInstalls(
  spec: string,
  state: FarmState,
  workspace: FarmWorkspace,
  options: { cwd: string; workspaceRoot: string; log: (line: string) => void },
): Promise<PlannedInstall[]> {
  const planned = new Map<string, PlannedInstall>();
  const failures: FarmProblem[] = [];
  const visit = async (install: PlannedInstall) => {
    const { manifest } = install.plugin.loaded;
    if (planned.has(manifest.name)) return;
    planned.set(manifest.name, install);
    for (const dep of manifest.dependencies ?? []) {
      if (dep.optional || workspace.plugins[dep.name] || planned.has(dep.name)) continue;
      options.log(
        `pulling in ${dep.name}@${dep.version}, needed by ${manifest.name}${dep.reason ? ` (${dep.reason})` : ''}`,
      );
      try {
        await visit({
          plugin: await obtainPlugin(dep.name, state, { ...options, range: dep.version }),
          neededBy: manifest.name,
        });
      } catch (error) {
        failures.push(
          problem(
            'FARM_E020',
            `cannot install ${dep.name}@${dep.version}, needed by ${manifest.name}: ${(error as Error).message}`,
            { plugin: manifest.name, fix: `publish or add ${dep.name} first, or relax the range` },
          ),
        );
      }
    }
  };
  const root = await obtainPlugin(spec, state, options);
  if (workspace.plugins[root.loaded.manifest.name]) return [];
  await visit({ plugin: root });
  if (failures.length) throw new FarmError(failures);
  const order = topologicalOrder([...planned.keys()], (name) =>
    (planned.get(name)!.plugin.loaded.manifest.dependencies ?? []).map((d) => d.name),
  );
  return order.map((name) => planned.get(name)!);
}
