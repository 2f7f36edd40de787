import { posix } from 'node:path';
import { problem, type FarmProblem } from '../../errors';
import { escapePointer } from '../../json';
import { exportOf, type CodeKind, type FarmPluginManifest, type LoadedManifest } from '../../manifest';
import { frontendImportCompanions, frontendImportProblem, type FrontendImportKind } from '../../plan/frontend-imports';
import { resolvePluginPath } from '../../plan/plugin-paths';
import { vitePluginModuleProblem } from '../../kinds/frontend/vite-plugins';

export type DeclaredKind = CodeKind | 'route' | 'style' | 'vite-plugin';

/** A path the manifest declares, with the name it declares there. */
export interface DeclaredPath {
  kind: DeclaredKind;
  /** The entry's key; for a route, its component; for a style, the path. */
  name: string;
  /** The module attribute the entry names (its `export`, else the key; a component's, a route's: `default`). */
  export: string;
  /** The entry's explicit `export`, when it has one. */
  explicitExport?: string;
  path: string;
  /** JSON pointer of the entry; `${pointer}/path` (or the route's /file) is the path value. */
  pointer: string;
  pathPointer: string;
}

/** Every path in a manifest, in manifest order: components, hooks, routes, styles, Vite plugins, backend, AI. */
export function declaredPaths(manifest: FarmPluginManifest): DeclaredPath[] {
  const out: DeclaredPath[] = [];
  const entries = (kind: CodeKind, base: string, record: Record<string, { path: string; export?: string }> | undefined) => {
    for (const [name, entry] of Object.entries(record ?? {})) {
      const pointer = `${base}/${escapePointer(name)}`;
      const explicit = entry.export === undefined ? {} : { explicitExport: entry.export };
      out.push({ kind, name, export: exportOf(kind, name, entry), ...explicit, path: entry.path, pointer, pathPointer: `${pointer}/path` });
    }
  };
  const { frontend, backend, ai } = manifest;
  entries('component', '/frontend/components', frontend?.components);
  entries('hook', '/frontend/hooks', frontend?.hooks);
  (frontend?.routes ?? []).forEach((route, i) => {
    if (route.file) out.push({ kind: 'route', name: route.component, export: 'default', path: route.file, pointer: `/frontend/routes/${i}`, pathPointer: `/frontend/routes/${i}/file` });
  });
  (frontend?.styles ?? []).forEach((style, i) => out.push({ kind: 'style', name: style, export: '', path: style, pointer: `/frontend/styles/${i}`, pathPointer: `/frontend/styles/${i}` }));
  // Run by vite build and the dev server: a file of the plugin, analyzed like the rest (FARM_E115).
  (frontend?.vitePlugins ?? []).forEach((v, i) => out.push({ kind: 'vite-plugin', name: v.module, export: 'default', path: v.module, pointer: `/frontend/vitePlugins/${i}`, pathPointer: `/frontend/vitePlugins/${i}/module` }));
  entries('router', '/backend/routers', backend?.routers);
  entries('middleware', '/backend/middleware', backend?.middleware);
  entries('task', '/backend/tasks', backend?.tasks);
  entries('model', '/backend/models', backend?.models);
  entries('provider', '/ai/providers', ai?.providers);
  entries('pipeline', '/ai/pipelines', ai?.pipelines);
  entries('endpoint', '/ai/endpoints', ai?.endpoints);
  return out;
}

/**
 * What the shell found on disk for the declared paths: the realpath of the plugin folder and of
 * each declared file (by its lexical workspace-relative path; null when it does not exist).
 */
export interface DeclaredPathResolution {
  realRoot: string;
  real: Readonly<Record<string, string | null>>;
}

/** The shell's list of files to resolve: the lexically valid declared paths, workspace-relative. */
export function declaredFiles(loaded: LoadedManifest): string[] {
  return [...new Set(declaredPaths(loaded.manifest).flatMap((d) => {
    const r = resolvePluginPath(loaded.root, d.path);
    return 'file' in r ? [r.file] : [];
  }))].sort();
}

/**
 * Files beside declared frontend files that decide whether the app can import them exactly (see
 * frontend-imports.ts): the shell resolves them too, into DeclaredPathResolution.real.
 */
export function declaredFileCompanions(loaded: LoadedManifest): string[] {
  return [...new Set(declaredPaths(loaded.manifest).flatMap((d) => {
    const r = resolvePluginPath(loaded.root, d.path);
    return frontendImportKindOf(d.kind) === 'code' && 'file' in r ? frontendImportCompanions(r.file) : [];
  }))].sort();
}

function frontendImportKindOf(kind: DeclaredKind): FrontendImportKind | undefined {
  if (kind === 'component' || kind === 'hook' || kind === 'route') return 'code';
  return kind === 'style' ? 'style' : undefined;
}

/**
 * Every declared path must lead to an existing file inside the plugin folder: no `..`, no absolute
 * path (FARM_E056, lexically), no symlink out of the folder (E056, from the realpath), and it
 * must exist (E057); a frontend file must be one the app can import by its exact name (E088).
 * Returns the problems and, for each good entry, its real workspace-relative file.
 */
export function checkDeclaredPaths(loaded: LoadedManifest, resolution: DeclaredPathResolution): { problems: FarmProblem[]; files: Map<DeclaredPath, string> } {
  const problems: FarmProblem[] = [];
  const files = new Map<DeclaredPath, string>();
  const plugin = loaded.manifest.name;
  const report = (code: 'FARM_E056' | 'FARM_E057' | 'FARM_E088' | 'FARM_E115', message: string, d: DeclaredPath, fix?: string) =>
    problems.push(problem(code, message, { plugin, file: loaded.file, pointer: d.pathPointer, ...loaded.document.locate(d.pathPointer), ...(fix ? { fix } : {}) }));
  const exists = (file: string) => resolution.real[file] != null;
  for (const d of declaredPaths(loaded.manifest)) {
    const packageName = d.kind === 'vite-plugin' ? vitePluginModuleProblem(d.path) : undefined;
    if (packageName) {
      report('FARM_E115', packageName, d);
      continue;
    }
    const lexical = resolvePluginPath(loaded.root, d.path);
    if ('error' in lexical) {
      report('FARM_E056', lexical.error, d);
      continue;
    }
    const real = resolution.real[lexical.file];
    if (real === undefined || real === null) {
      report('FARM_E057', `${lexical.file} does not exist`, d);
      continue;
    }
    const inside = posix.relative(resolution.realRoot, real);
    if (inside === '' || inside.startsWith('..') || posix.isAbsolute(inside)) {
      report('FARM_E056', `"${d.path}" is a symlink to ${real}, outside the plugin folder`, d);
      continue;
    }
    const importKind = frontendImportKindOf(d.kind);
    const importProblem = importKind && frontendImportProblem(lexical.file, importKind, exists);
    if (importProblem) {
      report('FARM_E088', importProblem.message, d, importProblem.fix);
      continue;
    }
    files.set(d, posix.join(loaded.root, inside));
  }
  return { problems, files };
}
