import { posix } from 'node:path';
import { problem, type FarmErrorCode, type FarmProblem } from '../../errors';
import { kindTable } from '../../kinds/table';
import type { KindModule, KindPath } from '../../kinds/types';
import type { CodeKind, FarmPluginManifest, LoadedManifest } from '../../manifest';
import { frontendImportCompanions, frontendImportProblem } from '../../plan/frontend-imports';
import { resolvePluginPath } from '../../plan/plugin-paths';
import { packageOutputsOf, sameOutputSiblings } from './package-outputs';

/** The kind of a declared path: the code kind of its entry, else the kind's name (core/kinds). */
export type DeclaredKind = CodeKind | 'route' | 'style' | 'vite-plugin';

/** A path the manifest declares, with the name it declares there and the kind that declares it. */
export interface DeclaredPath extends KindPath {
  kind: DeclaredKind;
  /** The kind module: its path problem, frontend import and export check apply to this path. */
  owner: KindModule;
}

/** Every path in a manifest, kind by kind in table order (core/kinds/table.ts), entries in manifest order. */
export function declaredPaths(manifest: FarmPluginManifest): DeclaredPath[] {
  return kindTable.flatMap((owner) =>
    (owner.paths?.(manifest) ?? []).map((p): DeclaredPath => ({
      kind: (owner.codeKind ?? owner.name) as DeclaredKind,
      owner,
      ...p,
    })),
  );
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
  return [
    ...new Set(
      declaredPaths(loaded.manifest).flatMap((d) => {
        const r = resolvePluginPath(loaded.root, d.path);
        return 'file' in r ? [r.file] : [];
      }),
    ),
  ].sort();
}

/**
 * Files beside declared files whose existence decides whether the app can import them exactly
 * (see frontend-imports.ts) and whether the plugin's package can hold them (a sibling compiled or
 * copied to the same file, see package-outputs.ts): the shell resolves them too, into
 * DeclaredPathResolution.real.
 */
export function declaredFileCompanions(loaded: LoadedManifest): string[] {
  return [
    ...new Set(
      declaredPaths(loaded.manifest).flatMap((d) => {
        const r = resolvePluginPath(loaded.root, d.path);
        if (!('file' in r)) return [];
        const imported = d.owner.frontendImport === 'code' ? frontendImportCompanions(r.file) : [];
        return [...imported, ...sameOutputSiblings(r.file)];
      }),
    ),
  ].sort();
}

/**
 * Every declared path must lead to an existing file inside the plugin folder: no `..`, no absolute
 * path (FARM_E056, lexically), no symlink out of the folder (E056, from the realpath), and it
 * must exist (E057); a frontend file must be one the app can import by its exact name (E088), and
 * a TypeScript file must have no sibling that its package would write to the same file (E108).
 * Returns the problems and, for each good entry, its real workspace-relative file.
 */
export function checkDeclaredPaths(
  loaded: LoadedManifest,
  resolution: DeclaredPathResolution,
): { problems: FarmProblem[]; files: Map<DeclaredPath, string> } {
  const problems: FarmProblem[] = [];
  const files = new Map<DeclaredPath, string>();
  const plugin = loaded.manifest.name;
  const report = (code: FarmErrorCode, message: string, d: DeclaredPath, fix?: string) =>
    problems.push(
      problem(code, message, {
        plugin,
        file: loaded.file,
        pointer: d.pathPointer,
        ...loaded.document.locate(d.pathPointer),
        ...(fix ? { fix } : {}),
      }),
    );
  const exists = (file: string) => resolution.real[file] != null;
  for (const d of declaredPaths(loaded.manifest)) {
    const refused = d.owner.pathProblem?.(d.path);
    if (refused) {
      report(refused.code, refused.message, d);
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
    const importKind = d.owner.frontendImport;
    const importProblem = importKind && frontendImportProblem(lexical.file, importKind, exists);
    if (importProblem) {
      report('FARM_E088', importProblem.message, d, importProblem.fix);
      continue;
    }
    // The app would work (it imports the declared file by its exact name), but the plugin's own
    // build could not pack it: refused here so that `validate` saying valid means it packs too.
    const clash = sameOutputSiblings(lexical.file).filter(exists);
    if (clash.length) {
      report('FARM_E108', packageClashMessage(lexical.file, clash), d);
      continue;
    }
    files.set(d, posix.join(loaded.root, inside));
  }
  return { problems, files };
}

/** FARM_E108's message for a declared compiled source and the siblings that land where it does. */
function packageClashMessage(file: string, siblings: readonly string[]): string {
  const outputs = new Set(packageOutputsOf(file));
  const clashes = siblings.map((sibling) => {
    const shared = packageOutputsOf(sibling).filter((out) => outputs.has(out));
    return `${sibling} would both become ${shared.map((out) => posix.basename(out)).join(' and ')}`;
  });
  return `${file} and ${clashes.join('; and ')} in the plugin's package (nx run <plugin>:build names a compiled file after its source's stem only; TypeScript refuses two sources for one output, TS5056). The app imports ${posix.basename(file)} by its exact name, but the plugin could not be packed or published`;
}
