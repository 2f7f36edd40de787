import { createRequire } from 'node:module';
import { join, posix } from 'node:path';
import { problem, type FarmProblem } from '../core/errors';
import type { LoadedManifest } from '../core/manifest';
import { withoutQuery, type ViteApp } from './vite-file-resolution';

/**
 * The packages Vite 8's build compiles a preprocessor stylesheet with, by extension, in the order
 * it tries them (vite/src/node/plugins/css.ts: loadSassPackage takes `sass-embedded`, else `sass`;
 * `less`; `stylus`; `sugarss` for `.sss`). Vite ships none of them.
 */
const preprocessorsByExtension: Readonly<Record<string, readonly string[]>> = {
  '.scss': ['sass-embedded', 'sass'],
  '.sass': ['sass-embedded', 'sass'],
  '.less': ['less'],
  '.styl': ['stylus'],
  '.stylus': ['stylus'],
  '.sss': ['sugarss'],
};

/** Where a plugin uses a stylesheet: a module's import of it (line, column), or `frontend.styles/<i>`. */
export interface StylesheetUse {
  /** The stylesheet, workspace-relative. */
  sheet: string;
  /** The file that names it (a module, or the plugin's plugin.json), workspace-relative. */
  file: string;
  line?: number;
  column?: number;
  pointer?: string;
}

/**
 * FARM_E142 for each use of a preprocessor stylesheet (`.scss`, `.sass`, `.less`, `.styl`,
 * `.stylus`, `.sss`) whose preprocessor the app does not have: TypeScript lets `import
 * './card.scss'` through (vite/client declares the module) and `nx run frontend:build` fails with
 * Vite's `Preprocessor dependency "sass-embedded" not found`. "Has" is Vite's own test — the
 * package resolves with Node's resolution from the app's root (loadPreprocessorPath resolves it
 * from the Vite root, then from vite's own folder; both climb to the workspace's node_modules) —
 * or the plugin declares it in `frontend.dependencies`, which the change installs. `workspaceRoot`:
 * absolute; `app.root`: the app's project root, workspace-relative. Located at the import, or at
 * `/frontend/styles/<i>`. A `?raw`/`?url` import is no use for the preprocessor: leave it out.
 */
export function preprocessorProblems(
  workspaceRoot: string,
  plugin: LoadedManifest,
  uses: readonly StylesheetUse[],
  app: ViteApp,
): FarmProblem[] {
  const declared = new Set((plugin.manifest.frontend?.dependencies ?? []).map((dep) => dep.name));
  const problems: FarmProblem[] = [];
  for (const use of uses) {
    const extension = posix.extname(withoutQuery(use.sheet));
    const packages = preprocessorsByExtension[extension];
    if (packages === undefined) continue;
    if (packages.some((name) => declared.has(name) || resolvesFromApp(workspaceRoot, app, name))) continue;
    const install = packages.at(-1)!;
    problems.push(
      problem(
        'FARM_E142',
        `${use.sheet} is compiled by Vite's build with ${packages.join(' or ')}, which the app does not have: TypeScript lets it through and \`nx run frontend:build\` fails (Vite: Preprocessor dependency "${packages[0]}" not found)`,
        {
          plugin: plugin.manifest.name,
          file: use.file,
          line: use.line,
          column: use.column,
          pointer: use.pointer,
          fix: `declare it in plugin.json: "frontend": { "dependencies": [{ "name": "${install}", "version": "<range>" }] } (the change installs it), or write ${posix.basename(use.sheet)} as CSS`,
        },
      ),
    );
  }
  return problems;
}

/** Whether `name` resolves from the app's root, as Vite's loadPreprocessorPath resolves it. */
function resolvesFromApp(workspaceRoot: string, app: ViteApp, name: string): boolean {
  try {
    createRequire(join(workspaceRoot, app.root, 'package.json')).resolve(name);
    return true;
  } catch {
    return false;
  }
}
