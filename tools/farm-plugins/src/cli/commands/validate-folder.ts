import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { formatProblems, hasErrors } from '../../core/errors';
import { loadManifest, projectNameOf } from '../../core/manifest';
import { loadFarmState, type FarmState } from '../../core/state';
import { validatePlugin } from '../../core/validate';
import { analyzePluginOnDisk } from '../../../executors/validate/lib/analyze-plugin-on-disk';
import { gateHostsOnDisk, runtimeProblems } from '../../../executors/validate/lib/runtime-gate';
import { askGateOnce } from '../../runtime-gate';
import { detectRuntimes, diskWorkspace, pythonExecutable } from '../../workspace-io';
import type { Output } from './queries';

/**
 * `farm plugin validate <dir|name>` for any plugin folder, in this workspace or not, or a plugin
 * of this workspace by name (package or project name, as `info` and `uninstall` take it; a folder
 * of that name wins, as Nx's own commands read a path first): the same checks as
 * `nx run <plugin>:validate` (manifest, dependencies, config, code, then the runtime gate: the
 * backend imported and the frontend type-checked with the plugin and its dependencies), resolved against the plugins here.
 */
export async function validateFolder(root: string, target: string, out: Output): Promise<number> {
  const state = loadFarmState(diskWorkspace(root));
  const folder = pluginFolder(root, target, state);
  const file = join(folder, 'plugin.json');
  const rel = relative(root, folder) || '.';
  const { loaded, problems } = loadManifest(readFileSync(file, 'utf8'), `${rel}/plugin.json`);
  const augmented = {
    ...state,
    manifests: loaded
      ? [...state.manifests.filter((m) => m.manifest.name !== loaded.manifest.name), loaded]
      : state.manifests,
    problems: [...state.problems, ...problems],
  };
  const analysis = loaded && analyzePluginOnDisk(root, loaded);
  const found = validatePlugin(augmented, rel, {
    runtimes: detectRuntimes(Boolean(loaded?.manifest.pythonVersion)),
    analysis,
  });
  const hosts = gateHostsOnDisk(root);
  const gate = { python: pythonExecutable, src: join(root, hosts.backend?.root ?? '', 'src'), workspaceRoot: root };
  const runtime = await runtimeProblems(
    augmented,
    [{ loaded, analysis, passed: !hasErrors(found) }],
    hosts,
    root,
    (request, timeoutMs) => askGateOnce(gate, request, timeoutMs),
  );
  found.push(...(runtime.get(rel) ?? []));
  if (out.json) out.print(JSON.stringify(found, null, 2));
  else out.print(found.length ? formatProblems(found) : `${rel}/plugin.json: valid`);
  return hasErrors(found) ? 1 : 0;
}

/**
 * The folder `target` names: a folder holding a plugin.json, else the folder of the workspace's
 * plugin whose package or project name it is. Throws (the CLI prints it) when it is neither.
 */
function pluginFolder(root: string, target: string, state: FarmState): string {
  const folder = resolve(target);
  if (existsSync(join(folder, 'plugin.json'))) return folder;
  const named = state.manifests.find((m) => m.manifest.name === target || projectNameOf(m.manifest.name) === target);
  if (named) return join(root, named.root);
  throw new Error(
    `${target} is neither a folder with a plugin.json nor a plugin of this workspace (farm plugin list shows them)`,
  );
}
