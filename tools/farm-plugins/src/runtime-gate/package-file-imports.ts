import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { problem, type FarmProblem } from '../core/errors';
import type { LoadedManifest } from '../core/manifest';
import type { PackageFileImport } from './frontend-asset-imports';
import { viteResolvedIds, type ViteResolution } from './vite-resolved-ids';
import { withoutQuery } from './vite-file-resolution';

/** The package a specifier names: `@scope/name` or `name` (`@scope/name/dist/x.css?inline` → `@scope/name`). */
export function packageOf(specifier: string): string {
  const parts = withoutQuery(specifier).split('/');
  return parts.slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
}

/**
 * FARM_E138 for each import of a package's file that only Vite reads (assetImportProblems'
 * `packageFiles`: `import 'pkg/dist/style.css'`, `import icon from '@scope/icons/a.svg?react'`)
 * that the app's build does not resolve: TypeScript lets it through (vite/client declares
 * `*.css`, `*.svg` …) and `nx run frontend:build` fails to resolve it. Judged by Vite's own
 * resolver (viteResolvedIds: the package's `exports`, else its file). A package the plugin
 * declares in `frontend.dependencies` that the workspace has not installed yet is not judged: the
 * change installs it (FARM_E054 says so in `validate`). `workspaceRoot` absolute, `appRoot` the
 * app's Vite root relative to it; each import's `from` is workspace-relative. Asks Vite only
 * when there is an import to judge (most plugins import no package's file).
 */
export async function packageFileImportProblems(
  workspaceRoot: string,
  appRoot: string,
  uses: readonly { plugin: LoadedManifest; imports: readonly PackageFileImport[] }[],
): Promise<FarmProblem[]> {
  const judged = uses.flatMap(({ plugin, imports }) => {
    const declared = new Set((plugin.manifest.frontend?.dependencies ?? []).map((dep) => dep.name));
    return imports
      .map((use) => ({ plugin, use, name: packageOf(use.specifier) }))
      .filter(({ name }) => !declared.has(name) || isInstalled(workspaceRoot, name));
  });
  if (!judged.length) return [];
  const resolutions = await viteResolvedIds(
    join(workspaceRoot, appRoot),
    judged.map(({ use }) => ({ id: use.specifier, importer: join(workspaceRoot, use.from) })),
  );
  return judged.flatMap(({ plugin, use, name }, i) => {
    const outcome = unresolved(resolutions[i]!, name, isInstalled(workspaceRoot, name));
    if (!outcome) return [];
    return [
      problem(
        'FARM_E138',
        `imports ${JSON.stringify(use.specifier)}, which Vite does not resolve: ${outcome}. TypeScript lets it through (vite/client declares such modules) and \`nx run frontend:build\` fails`,
        {
          plugin: plugin.manifest.name,
          file: use.from,
          line: use.line,
          column: use.column,
          fix: isInstalled(workspaceRoot, name)
            ? `import a file ${name} has (its package.json "exports" lists what it lets importers reach)`
            : `declare ${name} in plugin.json frontend.dependencies (the change installs it), or remove the import`,
        },
      ),
    ];
  });
}

function isInstalled(workspaceRoot: string, name: string): boolean {
  return existsSync(join(workspaceRoot, 'node_modules', name, 'package.json'));
}

/** Why Vite's answer is no file, or undefined when it found one. */
function unresolved(resolution: ViteResolution, name: string, installed: boolean): string | undefined {
  if ('error' in resolution) return resolution.error;
  if (resolution.id) return undefined;
  return installed
    ? `${name} has no such file`
    : `the package ${name} is not installed, and the plugin does not declare it`;
}
