import { createRequire } from 'node:module';
import { join, posix } from 'node:path';
import type { AtRule, Declaration, Root } from 'postcss';
import { problem, type FarmProblem } from '../core/errors';
import type { AssetFileView } from './asset-file-view';
import { withoutQuery, type ViteApp } from './vite-file-resolution';

/** Vite's `url()` pattern (cssUrlRE, vite/src/node/plugins/css.ts 8.x): what its url rewrite resolves. */
const cssUrlRE = /(?<!@import\s+)(?<=^|[^\w\-\u0080-\uffff])url\((\s*('[^']+'|"[^"]+")\s*|(?:\\.|[^'")\\])+)\)/g;

/** The CSS parsers Vite's build runs, as the installed vite resolves them. */
interface CssParsers {
  postcss: typeof import('postcss');
  lightningcss: typeof import('lightningcss');
}

/** postcss and lightningcss from where the workspace's vite requires them (loaded on first use). */
export function cssParsersOf(workspaceRoot: string): CssParsers {
  const fromVite = createRequire(createRequire(join(workspaceRoot, 'package.json')).resolve('vite/package.json'));
  return { postcss: fromVite('postcss'), lightningcss: fromVite('lightningcss') };
}

/**
 * The stylesheet half of the frontend asset check, for the CSS files of `plugin` (workspace-
 * relative: its declared `frontend.styles` and the `.css` files its modules import), and the
 * files their relative `@import`s reach:
 *
 * - FARM_E139 when a file does not parse as Vite's build parses it — postcss (Vite's CSS pipeline:
 *   compilePostCSS and postcss-import read a sheet with `@import` or `url()` with it; and an unclosed
 *   block, comment or string it refuses swallows the next sheet, since the build concatenates a
 *   chunk's CSS with nothing between), then lightningcss (build.cssMinify's default: minifyCSS
 *   transforms the chunk's CSS with it, errors fail `vite build`) — at the parser's line and
 *   column, quoting its message;
 * - FARM_E140 when a `@import` of a path (`./`, `../`, `/`) names no file (Vite's CSS resolver:
 *   the path, or the path plus `.css`; a `/…` one in the public folder or the app's root) — the
 *   build fails — or a `url()` names none (external, `data:`, `#…` and function URLs aside; a
 *   bare name is relative first, as Vite's preferRelative resolver has it, else a package in the
 *   workspace's node_modules; a `/…` one is the public folder's or the root's) — Vite only warns
 *   and the browser gets a 404.
 *
 * `.scss`, `.less` and other preprocessor sheets are not parsed: the app installs no preprocessor.
 */
export function stylesheetProblems(
  view: AssetFileView,
  plugin: string,
  sheets: readonly string[],
  app: ViteApp,
  parsers: () => CssParsers,
): FarmProblem[] {
  const problems: FarmProblem[] = [];
  const seen = new Set<string>();
  const queue = sheets.filter((sheet) => sheet.endsWith('.css'));
  while (queue.length) {
    const sheet = queue.shift()!;
    if (seen.has(sheet)) continue;
    seen.add(sheet);
    const text = view.read(sheet);
    if (text === undefined) continue; // a declared style that is missing is FARM_E057's
    const { postcss, lightningcss } = parsers();
    let root: Root;
    try {
      root = postcss.parse(text, { from: join(view.root, sheet) });
    } catch (error) {
      const e = error as { reason?: string; line?: number; column?: number; message: string };
      problems.push(unparsable(plugin, sheet, 'postcss', e.reason ?? e.message, e.line, e.column));
      continue;
    }
    try {
      lightningcss.transform({ filename: sheet, code: Buffer.from(text), minify: true });
    } catch (error) {
      const e = error as { message: string; loc?: { line: number; column: number } };
      problems.push(unparsable(plugin, sheet, 'lightningcss', e.message, e.loc?.line, e.loc?.column));
    }
    root.walkAtRules('import', (rule) => {
      const target = importTarget(rule.params);
      if (target === undefined || !/^(?:\.{1,2})?\/(?!\/)/.test(target)) return;
      const found = cssFile(view, sheet, target, app, ['', '.css']);
      if (found) queue.push(found);
      else
        problems.push(
          missingTarget(plugin, sheet, rule, `@import ${JSON.stringify(target)}`, target, 'fails the build', app),
        );
    });
    root.walkDecls((decl) => {
      for (const match of decl.value.matchAll(cssUrlRE)) {
        const raw = match[1]!.trim();
        const url = /^['"]/.test(raw) ? raw.slice(1, -1) : raw;
        if (/^(?:[a-z]+:)?\/\//i.test(url) || /^data:/i.test(url) || url.startsWith('#') || /^[\w-]+\(/.test(url))
          continue;
        const unescaped = url.replace(/\\(\W)/g, '$1');
        if (cssFile(view, sheet, unescaped, app, ['']) || inNodeModules(view, unescaped)) continue;
        problems.push(
          missingTarget(plugin, sheet, decl, match[0], unescaped, 'Vite only warns and the browser gets a 404', app),
        );
      }
    });
  }
  return problems;
}

/** The URL of an `@import`'s params: `"x"`, `'x'`, `url(x)` or `url("x")`; undefined for anything else. */
function importTarget(params: string): string | undefined {
  const m = /^\s*(?:url\(\s*)?(?:"([^"]*)"|'([^']*)'|([^'"\s)]+))/.exec(params);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

/** The file a stylesheet URL names (relative to the sheet, or the app's public folder and root for `/…`). */
function cssFile(
  view: AssetFileView,
  sheet: string,
  url: string,
  app: ViteApp,
  extensions: readonly string[],
): string | undefined {
  const path = withoutQuery(url);
  const bases = path.startsWith('/')
    ? [posix.join(app.publicDir, path.slice(1)), posix.join(app.root, path.slice(1))]
    : [posix.join(posix.dirname(sheet), path)];
  for (const base of bases) for (const ext of extensions) if (view.isFile(base + ext)) return base + ext;
  return undefined;
}

/** A bare URL that is a package's file in the workspace's node_modules. */
function inNodeModules(view: AssetFileView, url: string): boolean {
  return !/^\.{0,2}\//.test(url) && view.isFile(posix.join('node_modules', withoutQuery(url)));
}

function unparsable(
  plugin: string,
  sheet: string,
  parser: 'postcss' | 'lightningcss',
  message: string,
  line: number | undefined,
  column: number | undefined,
): FarmProblem {
  return problem('FARM_E139', `the stylesheet does not parse (${parser}, as Vite's build reads it): ${message}`, {
    plugin,
    file: sheet,
    line,
    column,
    fix: `fix the CSS at the place shown (${parser}'s message says what it expected)`,
  });
}

function missingTarget(
  plugin: string,
  sheet: string,
  node: AtRule | Declaration,
  word: string,
  url: string,
  outcome: string,
  app: ViteApp,
): FarmProblem {
  const at = node.positionBy({ word });
  const absolute = url.startsWith('/');
  const missing = absolute ? withoutQuery(url) : posix.join(posix.dirname(sheet), withoutQuery(url));
  return problem('FARM_E140', `${word} names ${missing}, which does not exist: ${outcome}`, {
    plugin,
    file: sheet,
    line: at.line,
    column: at.column,
    // A `/…` URL is the app's (its public folder, then its root), not the plugin's.
    fix: absolute
      ? `add ${posix.join(app.publicDir, missing.slice(1))} to the app, or use a path relative to ${sheet} for a file of the plugin`
      : `add ${missing} to the plugin, or correct the path (relative to ${sheet})`,
  });
}
