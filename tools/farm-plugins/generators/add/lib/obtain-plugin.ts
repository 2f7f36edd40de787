import { realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { satisfiesRange } from '../../../src/core/graph';
import { FarmError, problem } from '../../../src/core/errors';
import { stripByteOrderMark } from '../../../src/core/json';
import { loadManifest, projectNameOf, type LoadedManifest } from '../../../src/core/manifest';
import type { FarmState } from '../../../src/core/state';
import { readPluginFolder } from '../../../src/plugin-files';
import { fetchFromRegistry, fetchRemoteTarball, removeFetched } from '../../../src/registry';
import { fetchFromDisk, type FetchedPlugin } from './fetch-plugin';
import { findOfficialPlugin } from './official-plugins';
import { parsePluginSpec } from './parse-plugin-spec';

/** A plugin to install: already in the workspace, or fetched to a folder on disk. */
export type ObtainedPlugin =
  { kind: 'workspace'; loaded: LoadedManifest } | { kind: 'fetched'; loaded: LoadedManifest; fetched: FetchedPlugin };

/**
 * Turns an `add` spec (read by npm-package-arg, parsePluginSpec) into a plugin on disk, in this
 * order: a plugin already in libs/plugins, an official plugin, then the npm registry; or a git
 * repository, local folder, tarball or tarball URL.
 */
export async function obtainPlugin(
  raw: string,
  state: FarmState,
  options: { cwd: string; workspaceRoot?: string; log: (line: string) => void; range?: string },
): Promise<ObtainedPlugin> {
  const spec = parsePluginSpec(raw, options.cwd);
  // `add libs/plugins/weather`: the folder is the workspace's own plugin, not one to copy onto itself.
  const own =
    spec.type === 'local' && options.workspaceRoot ? pluginAt(spec.path, state, options.workspaceRoot) : undefined;
  if (own) return { kind: 'workspace', loaded: own };
  if (spec.type === 'remote') {
    const plugin = await fetchRemoteTarball(spec.url, { cwd: options.cwd, log: options.log });
    return fetched({ ...plugin, cleanup: () => removeFetched(plugin) });
  }
  if (spec.type !== 'name') return fetched(fetchFromDisk(spec, raw));
  const range = spec.range ?? options.range;
  const inWorkspace = state.manifests.find(
    (m) => m.manifest.name === spec.name || projectNameOf(m.manifest.name) === spec.name,
  );
  if (inWorkspace && inRange(inWorkspace, range)) return { kind: 'workspace', loaded: inWorkspace };
  const official = findOfficialPlugin(spec.name);
  if (official) {
    const plugin = fetched({
      dir: official,
      source: { type: 'official', spec: raw },
      files: readPluginFolder(official, official),
    });
    if (inRange(plugin.loaded, range)) return plugin;
  }
  options.log(`fetching ${spec.name}${range ? `@${range}` : ''} from the npm registry`);
  // Imported with the generator (a require here, after Nx has unregistered its TypeScript loader,
  // failed with "Cannot find module"); the npm libraries themselves load on first use.
  const plugin = await fetchFromRegistry(spec.name, range, { cwd: options.cwd, log: options.log });
  return fetched({ ...plugin, cleanup: () => removeFetched(plugin) });
}

/**
 * The workspace plugin whose folder `folder` (absolute) is, links resolved, or undefined: a
 * workspace plugin named by its folder is added as by its name (FARM_E007 would otherwise call
 * its own folder taken by another plugin).
 */
function pluginAt(folder: string, state: FarmState, workspaceRoot: string): LoadedManifest | undefined {
  const real = realOrUndefined(folder);
  if (real === undefined) return undefined;
  return state.manifests.find((m) => realOrUndefined(resolve(workspaceRoot, m.root)) === real);
}

function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

function fetched(plugin: FetchedPlugin): ObtainedPlugin {
  const file = join(plugin.dir, 'plugin.json');
  const short = plugin.dir.split('/').pop()!;
  // The checked copy, not the disk: what is validated here is what goes into the Tree.
  const manifest = plugin.files.find((f) => f.path === 'plugin.json');
  if (!manifest)
    throw new FarmError([problem('FARM_E001', `${plugin.dir} has no plugin.json: not a FARM plugin folder`, { file })]);
  // Read as if it already sat in libs/plugins/<its short name>, so errors point where it will live.
  const text = manifest.bytes.toString('utf8');
  let name = short;
  try {
    name = projectNameOf(JSON.parse(stripByteOrderMark(text)).name);
  } catch {
    // loadManifest reports the syntax error below.
  }
  const { loaded, problems } = loadManifest(text, `libs/plugins/${name}/plugin.json`);
  if (!loaded || problems.some((p) => p.severity === 'error')) {
    throw new FarmError(problems.map((p) => ({ ...p, message: `${p.message} (in ${file})` })));
  }
  return { kind: 'fetched', loaded, fetched: plugin };
}

function inRange(loaded: LoadedManifest, range: string | undefined): boolean {
  return !range || satisfiesRange(loaded.manifest.version, range);
}
