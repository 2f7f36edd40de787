import * as semver from 'semver';
import { problem } from '../../errors';
import { satisfiesRange } from '../../graph/satisfies-range';
import type { KindModule } from '../types';

/**
 * `frontend.dependencies`: npm packages the plugin's frontend code imports. Nothing is generated;
 * the generators add them to package.json (generators/lib/npm-dependencies.ts) and integrate
 * warns (FARM_E054) when the app does not have them, or has a version outside the range.
 */
export const npmDependenciesKind: KindModule = {
  name: 'npm dependency',
  section: 'frontend',
  key: 'dependencies',
  host: 'frontend',
  plan({ plugins, ctx, installedPackages: installed }) {
    if (!installed) return;
    // Each package is looked up once, and a position is located only for a problem: locating parses
    // the manifest's syntax tree, which the happy path must not pay for (docs/performance.md).
    const versions = new Map<string, string | undefined>();
    const versionOf = (name: string) => {
      if (!versions.has(name)) versions.set(name, installed(name));
      return versions.get(name);
    };
    for (const plugin of plugins) {
      (plugin.loaded.manifest.frontend?.dependencies ?? []).forEach((dep, i) => {
        const version = versionOf(dep.name);
        const pointer = `/frontend/dependencies/${i}`;
        const at = () => ({
          severity: 'warning' as const,
          plugin: plugin.name,
          file: plugin.loaded.file,
          pointer,
          ...plugin.loaded.document.locate(pointer),
        });
        const wanted = dep.version ? `${dep.name}@${dep.version}` : dep.name;
        if (!version)
          ctx.problems.push(
            problem('FARM_E054', `needs npm package ${wanted}, which the app does not have`, {
              ...at(),
              fix: installFix(wanted, dep.version),
            }),
          );
        else if (dep.version && semver.validRange(dep.version) && !satisfiesRange(version, dep.version)) {
          // `version` is node_modules' copy, or the one package.json's range is about to install.
          ctx.problems.push(
            problem('FARM_E054', `needs npm package ${wanted} but the app has ${dep.name}@${version}`, {
              ...at(),
              // Not a bare install: moving the app to the plugin's range may downgrade it (react@^17 under 19).
              fix: `use a version of ${plugin.name} made for ${dep.name}@${version}, or move the app to ${shellQuoted(wanted)} if all its code supports that`,
            }),
          );
        }
      });
    }
  },
};

/**
 * The command that gives the app `wanted`, quoted for a POSIX shell (`left-pad@>=1.0.0 <2` would
 * otherwise redirect). A git, URL or folder spec (not a semver range or a tag, as npm-package-arg
 * reads it) is the plugin author's code that npm builds as it installs it (npm runs a git
 * dependency's `prepare` script and a folder's install scripts), so the fix says to read it first.
 */
function installFix(wanted: string, range: string | undefined): string {
  const registry = !range || semver.validRange(range) !== null || /^[a-z][\w.-]*$/i.test(range);
  return registry
    ? `npm install ${shellQuoted(wanted)}`
    : `review ${range} first (npm runs its scripts as it installs it), then npm install ${shellQuoted(wanted)}`;
}

/**
 * `text` as one POSIX shell word: as it is when it holds only characters no shell reads (`^` is a
 * pipe to the Bourne shell, `~` and `=` expand in some places), else single-quoted.
 */
function shellQuoted(text: string): string {
  return /^[\w@%+:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
