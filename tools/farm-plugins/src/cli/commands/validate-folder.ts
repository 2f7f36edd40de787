import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { formatProblems, hasErrors } from '../../core/errors';
import { loadManifest } from '../../core/manifest';
import { loadFarmState } from '../../core/state';
import { validatePlugin } from '../../core/validate';
import { analyzePluginOnDisk } from '../../../executors/validate/lib/analyze-plugin-on-disk';
import { gateHostsOnDisk, runtimeProblems } from '../../../executors/validate/lib/runtime-gate';
import { askGateOnce } from '../../runtime-gate';
import { detectRuntimes, diskWorkspace, pythonExecutable } from '../../workspace-io';
import type { Output } from './queries';

/**
 * `farm plugin validate <dir>` for any plugin folder, in this workspace or not: the same checks as
 * `nx run <plugin>:validate` (manifest, dependencies, config, code, then the runtime gate: the
 * backend imported and the frontend type-checked with the plugin and its dependencies), resolved against the plugins here.
 */
export async function validateFolder(root: string, dir: string, out: Output): Promise<number> {
  const folder = resolve(dir);
  const file = join(folder, 'plugin.json');
  if (!existsSync(file)) throw new Error(`${folder} has no plugin.json`);
  const state = loadFarmState(diskWorkspace(root));
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
