import * as semver from 'semver';
import { resolvePluginConfig } from '../config/resolve-plugin-config';
import type { ConfigVerdicts } from '../config/config-verdicts';
import { problem, type FarmProblem } from '../errors';
import { escapePointer, type JsonDocument } from '../json';
import { pluginRootOf, projectNameOf, type LoadedManifest, type PluginDependency } from '../manifest';
import type { FarmWorkspace, InstalledPlugin } from '../workspace';
import { workspaceFile } from '../workspace';
import { closestName } from './closest-name';
import { findCycles } from './find-cycles';
import { satisfiesRange } from './satisfies-range';
import { topologicalOrder } from './topological-order';

export interface Runtimes {
  node?: string;
  python?: string;
}

export interface ResolverInput {
  /** Every plugin manifest found in the workspace (installed or not). */
  manifests: readonly LoadedManifest[];
  workspace: FarmWorkspace;
  workspaceDocument?: JsonDocument;
  runtimes?: Runtimes;
  /**
   * Plugins to resolve. Default: the active installed plugins, whose dependencies must be active
   * too. Given explicitly (validating one plugin, planning an add), the selection is closed over
   * the dependencies present in the workspace.
   */
  select?: readonly string[];
  /** ajv's earlier verdicts on configs (see core/config/config-verdicts.ts). */
  configVerdicts?: ConfigVerdicts;
  /**
   * plugin.json files that exist but were refused when loaded (FarmState.refusedManifests). Their
   * own problems say what is wrong; a plugin there is never reported as missing or not installed.
   */
  refusedManifests?: readonly string[];
}

export interface ResolvedPlugin {
  name: string;
  projectName: string;
  loaded: LoadedManifest;
  installed?: InstalledPlugin;
  config: Record<string, unknown>;
}

export interface ResolvedPluginGraph {
  /** Dependencies first, ties broken by name. */
  order: ResolvedPlugin[];
  problems: FarmProblem[];
}

/** manifests + workspace.json → one ordered, checked plan, or every problem found. Pure. */
export function resolvePluginGraph(input: ResolverInput): ResolvedPluginGraph {
  const { workspace } = input;
  const byName = new Map(input.manifests.map((m) => [m.manifest.name, m]));
  const problems: FarmProblem[] = [];
  const selected = selectPlugins(input, byName, problems);

  for (const name of selected) {
    const loaded = byName.get(name)!;
    problems.push(...checkCompatibility(loaded, workspace, input.runtimes ?? {}));
    problems.push(...checkDependencies(loaded, 'dependencies', selected, byName, input));
    problems.push(...checkDependencies(loaded, 'peerDependencies', selected, byName, input));
  }
  problems.push(...checkConflicts(selected, byName));

  const edgesOf = (name: string) => dependencyNames(byName.get(name)!).filter((d) => selected.has(d) && d !== name);
  // A cycle is a path back to its start: at least [a, b, a].
  for (const cycle of findCycles([...selected], edgesOf) as [string, string, ...string[]][]) {
    const loaded = byName.get(cycle[0])!;
    const pointer = dependencyPointer(loaded, cycle[1]);
    problems.push(
      problem('FARM_E025', `dependency cycle: ${cycle.join(' → ')}`, {
        plugin: cycle[0],
        related: cycle.slice(1, -1),
        file: loaded.file,
        pointer,
        ...loaded.document.locate(pointer),
      }),
    );
  }

  const order = topologicalOrder([...selected], edgesOf).map((name) => {
    const loaded = byName.get(name)!;
    const installed = workspace.plugins[name];
    const { config, problems: configProblems } = resolvePluginConfig(loaded.manifest, installed?.config, {
      workspaceDocument: input.workspaceDocument,
      verdicts: input.configVerdicts,
      manifestFile: loaded.file,
      manifestDocument: loaded.document,
    });
    problems.push(...configProblems);
    return { name, projectName: projectNameOf(name), loaded, installed, config };
  });
  return { order, problems };
}

function selectPlugins(
  input: ResolverInput,
  byName: Map<string, LoadedManifest>,
  problems: FarmProblem[],
): Set<string> {
  const { workspace } = input;
  if (!input.select) {
    const active = new Set<string>();
    for (const [name, installed] of Object.entries(workspace.plugins)) {
      const loaded = byName.get(name);
      // Present but refused: its load problem is the one to fix, not a missing folder.
      if (!loaded && refusedManifestOf(name, input)) continue;
      if (!loaded) {
        const pointer = `/plugins/${escapePointer(name)}`;
        problems.push(
          problem(
            'FARM_E012',
            `workspace.json lists "${name}" but libs/plugins/${projectNameOf(name)}/plugin.json does not exist`,
            { plugin: name, file: workspaceFile, pointer, ...input.workspaceDocument?.locate(pointer) },
          ),
        );
        continue;
      }
      if (installed.version !== loaded.manifest.version) {
        const pointer = `/plugins/${escapePointer(name)}/version`;
        problems.push(
          problem(
            'FARM_E013',
            `workspace.json records ${installed.version} but ${loaded.file} is ${loaded.manifest.version}`,
            {
              severity: 'warning',
              plugin: name,
              file: workspaceFile,
              pointer,
              ...input.workspaceDocument?.locate(pointer),
            },
          ),
        );
      }
      if (installed.active) active.add(name);
    }
    return active;
  }
  // Explicit selection: close over the dependencies that exist in the workspace.
  const selected = new Set<string>();
  const queue = input.select.filter((n) => byName.has(n));
  while (queue.length) {
    const name = queue.pop()!;
    if (selected.has(name)) continue;
    selected.add(name);
    queue.push(...dependencyNames(byName.get(name)!).filter((d) => byName.has(d)));
  }
  return selected;
}

function checkCompatibility(loaded: LoadedManifest, workspace: FarmWorkspace, runtimes: Runtimes): FarmProblem[] {
  const { manifest } = loaded;
  const out: FarmProblem[] = [];
  const check = (
    field: 'farmVersion' | 'nodeVersion' | 'pythonVersion',
    actual: string | undefined,
    code: 'FARM_E026' | 'FARM_E027' | 'FARM_E028',
    what: string,
  ) => {
    const range = manifest[field];
    const version = actual && coercedVersion(actual);
    if (!range || !version || satisfiesRange(version, range)) return;
    out.push(
      problem(
        code,
        `needs ${what} ${range} but ${actual} is ${field === 'farmVersion' ? 'the host version' : 'running'}`,
        { plugin: manifest.name, file: loaded.file, pointer: `/${field}`, ...loaded.document.locate(`/${field}`) },
      ),
    );
  };
  check('farmVersion', workspace.farmVersion, 'FARM_E026', 'FARM');
  check('nodeVersion', runtimes.node, 'FARM_E027', 'Node.js');
  check('pythonVersion', runtimes.python, 'FARM_E028', 'Python');
  return out;
}

/** The refused plugin.json where the plugin `name` would be, if there is one. */
function refusedManifestOf(name: string, input: ResolverInput): string | undefined {
  const file = `${pluginRootOf(name)}/plugin.json`;
  return input.refusedManifests?.includes(file) ? file : undefined;
}

function checkDependencies(
  loaded: LoadedManifest,
  field: 'dependencies' | 'peerDependencies',
  selected: Set<string>,
  byName: Map<string, LoadedManifest>,
  input: ResolverInput,
): FarmProblem[] {
  const { workspace } = input;
  const activePlan = !input.select;
  const { manifest } = loaded;
  const peer = field === 'peerDependencies';
  const out: FarmProblem[] = [];
  (manifest[field] ?? []).forEach((dep: PluginDependency, i) => {
    const pointer = `/${field}/${i}`;
    const at = { plugin: manifest.name, file: loaded.file };
    if (dep.name === manifest.name) {
      out.push(
        problem('FARM_E029', `"${manifest.name}" lists itself in ${field}`, {
          ...at,
          pointer,
          ...loaded.document.locate(pointer),
        }),
      );
      return;
    }
    const target = byName.get(dep.name);
    if (!selected.has(dep.name) || !target) {
      if (dep.optional) return;
      const installed = workspace.plugins[dep.name];
      if (activePlan && installed && !installed.active && target) {
        out.push(
          problem('FARM_E030', `needs ${dep.name}, which is installed but inactive`, {
            ...at,
            pointer,
            ...loaded.document.locate(pointer),
            fix: `nx g @farm/plugins:activate ${projectNameOf(dep.name)}`,
          }),
        );
        return;
      }
      const code = peer ? 'FARM_E022' : 'FARM_E020';
      const why = dep.reason ? ` (${dep.reason})` : '';
      const refused = target ? undefined : refusedManifestOf(dep.name, input);
      if (refused) {
        out.push(
          problem(
            code,
            `needs ${dep.name} ${dep.version}${why}, whose ${refused} has errors (reported there): it cannot be checked until they are fixed`,
            {
              ...at,
              pointer: `${pointer}/name`,
              ...loaded.document.locate(`${pointer}/name`),
              fix: `fix ${refused}`,
            },
          ),
        );
        return;
      }
      // Neither the name itself ("did you mean @farm/x?" for @farm/x) nor the plugin asking.
      const near = closestName(
        dep.name,
        [...new Set([...byName.keys(), ...Object.keys(workspace.plugins)])].filter(
          (n) => n !== dep.name && n !== manifest.name,
        ),
      );
      out.push(
        problem(
          code,
          `needs ${dep.name} ${dep.version}${why}, which is not installed${near ? `; did you mean ${near}?` : ''}`,
          {
            ...at,
            pointer: `${pointer}/name`,
            ...loaded.document.locate(`${pointer}/name`),
            fix: near
              ? `rename the dependency to "${near}", or nx g @farm/plugins:add ${dep.name}`
              : `nx g @farm/plugins:add ${dep.name}`,
          },
        ),
      );
      return;
    }
    const version = target.manifest.version;
    if (!satisfiesRange(version, dep.version)) {
      out.push(
        problem(peer ? 'FARM_E023' : 'FARM_E021', `needs ${dep.name} ${dep.version} but ${version} is installed`, {
          ...at,
          pointer: `${pointer}/version`,
          ...loaded.document.locate(`${pointer}/version`),
          fix: `nx g @farm/plugins:update ${projectNameOf(dep.name)} — or relax the range`,
        }),
      );
    }
  });
  return out;
}

function checkConflicts(selected: Set<string>, byName: Map<string, LoadedManifest>): FarmProblem[] {
  const out: FarmProblem[] = [];
  const reported = new Set<string>();
  for (const name of [...selected].sort()) {
    const loaded = byName.get(name)!;
    (loaded.manifest.conflicts ?? []).forEach((other, i) => {
      const pair = [name, other].sort().join('\u0000');
      if (!selected.has(other) || reported.has(pair)) return;
      reported.add(pair);
      const mutual = (byName.get(other)?.manifest.conflicts ?? []).includes(name);
      const pointer = `/conflicts/${i}`;
      out.push(
        problem(
          'FARM_E024',
          `conflicts with ${other}${mutual ? ' (declared by both)' : ''}; they cannot be active together`,
          {
            plugin: name,
            related: [other],
            file: loaded.file,
            pointer,
            ...loaded.document.locate(pointer),
            fix: `nx g @farm/plugins:deactivate ${projectNameOf(other)} (or ${projectNameOf(name)})`,
          },
        ),
      );
    });
  }
  return out;
}

export function dependencyNames(loaded: LoadedManifest): string[] {
  const { dependencies = [], peerDependencies = [] } = loaded.manifest;
  return [...dependencies, ...peerDependencies].map((d) => d.name);
}

function dependencyPointer(loaded: LoadedManifest, target: string): string {
  const i = (loaded.manifest.dependencies ?? []).findIndex((d) => d.name === target);
  if (i >= 0) return `/dependencies/${i}`;
  return `/peerDependencies/${(loaded.manifest.peerDependencies ?? []).findIndex((d) => d.name === target)}`;
}

function coercedVersion(actual: string): string | undefined {
  if (!coerced.has(actual)) coerced.set(actual, semver.coerce(actual)?.version);
  return coerced.get(actual);
}
const coerced = new Map<string, string | undefined>();
