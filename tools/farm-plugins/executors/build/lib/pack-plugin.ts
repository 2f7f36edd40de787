import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { formatProblems } from '../../../src/core/errors';
import { loadManifest } from '../../../src/core/manifest';
import { compileTypeScript } from './compile-typescript';
import { packageManifest, type PackageJson } from './package-manifest';
import { rewriteManifestPaths } from './rewrite-manifest';
import { compiledPathOf } from '../../../src/core/analyze/paths/package-outputs';
import { selectPluginFiles } from './select-files';

export interface PackReport {
  name: string;
  version: string;
  outDir: string;
  compiled: number;
  python: number;
  assets: number;
}

/**
 * Packs the plugin at `root` (workspace-relative) into `outDir`: compiled JS + .d.ts, Python
 * sources, assets, plugin.json (paths to compiled modules) and package.json. The folder is
 * emptied first, so it holds exactly this build. Throws with the reason when it cannot.
 */
export function packPlugin(workspaceRoot: string, root: string, outDir: string): PackReport {
  const pluginDir = join(workspaceRoot, root);
  const out = resolve(workspaceRoot, outDir);
  const rel = relative(workspaceRoot, out);
  if (!rel || rel.startsWith('..') || relative(pluginDir, out) === '' || !relative(pluginDir, out).startsWith('..')) {
    throw new Error(`outputPath "${outDir}" must be a folder inside the workspace and outside ${root}`);
  }
  const manifestText = readFileSync(join(pluginDir, 'plugin.json'), 'utf8');
  const { loaded, problems } = loadManifest(manifestText, `${root}/plugin.json`);
  if (!loaded || problems.some((p) => p.severity === 'error')) throw new Error(formatProblems(problems));
  const { manifest } = loaded;

  const files = selectPluginFiles(pluginDir, { root, plugin: manifest.name });
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });

  const dependencies = new Set(
    [...(manifest.dependencies ?? []), ...(manifest.peerDependencies ?? [])].map((d) => d.name),
  );
  const compiled = compileTypeScript(pluginDir, files.scripts, out, dependencies);
  if (compiled.errors.length) throw new Error(`TypeScript errors in ${root}:\n${compiled.errors.join('\n')}`);
  for (const path of [...files.python, ...files.assets]) {
    mkdirSync(dirname(join(out, path)), { recursive: true });
    copyFileSync(join(pluginDir, path), join(out, path));
  }

  const compiledMap = new Map(files.scripts.map((s) => [s, compiledPathOf(s)]));
  writeFileSync(join(out, 'plugin.json'), rewriteManifestPaths(manifestText, compiledMap));

  const packageFile = join(pluginDir, 'package.json');
  const source = existsSync(packageFile) ? (JSON.parse(readFileSync(packageFile, 'utf8')) as PackageJson) : undefined;
  const topLevel = readdirSync(out).filter((entry) => entry !== 'package.json');
  const result = packageManifest(source, manifest, { topLevel, compiled: new Set(files.scripts) });
  if ('error' in result) throw new Error(`${root}: ${result.error}`);
  writeFileSync(join(out, 'package.json'), `${JSON.stringify(result.packageJson, null, 2)}\n`);

  return {
    name: manifest.name,
    version: manifest.version,
    outDir: rel,
    compiled: files.scripts.length,
    python: files.python.length,
    assets: files.assets.length,
  };
}
