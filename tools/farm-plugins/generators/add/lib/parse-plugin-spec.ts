import { FarmError, problem } from '../../../src/core/errors';

/** What the user asked `add` for, before anything is fetched. */
export type PluginSpec =
  | { type: 'name'; name: string; range?: string }
  | { type: 'git'; url: string; ref?: string }
  | { type: 'local'; path: string }
  | { type: 'tarball'; path: string }
  | { type: 'remote'; url: string };

const fixSpec =
  'name a registry package (auth, @farm/plugin-x@^1.2), a git repository (github:org/x#v1, git+https://…), a folder (./x, file:x) or a tarball (./x.tgz, https://…/x.tgz)';

/**
 * Reads an `add` spec with npm-package-arg, as `npm install <spec>` reads it (relative paths
 * from `cwd`): a registry name with an optional version, range or dist-tag (`auth`,
 * `@farm/plugin-x@^1.2`); a git repository (`github:org/x`, `org/x#v1`, `git+https://…`,
 * `git@host:repo.git`); a folder (`./x`, `/abs/x`, `file:x`); a local tarball (`x.tgz`,
 * `file:x.tgz`); a tarball URL (`https://…/x.tgz`). Refused with FARM_E097: aliases
 * (`x@npm:y@1` — a plugin is known by the name in its plugin.json) and `#semver:` git ranges,
 * as well as invalid names and tags.
 */
export function parsePluginSpec(raw: string, cwd: string): PluginSpec {
  const npa: typeof import('npm-package-arg') = require('npm-package-arg');
  let spec: import('npm-package-arg').Result;
  try {
    spec = npa(raw.trim(), cwd);
  } catch (error) {
    throw new FarmError([
      problem('FARM_E097', `"${raw}" is not a package spec npm can read: ${(error as Error).message}`, {
        fix: fixSpec,
      }),
    ]);
  }
  switch (spec.type) {
    case 'alias':
      throw new FarmError([
        problem(
          'FARM_E097',
          `"${raw}" is an npm alias: FARM knows a plugin by the name in its plugin.json, not by an alias`,
          { fix: `install the package itself: nx g @farm/plugins:add ${spec.subSpec?.raw ?? '<name>@<range>'}` },
        ),
      ]);
    case 'git': {
      if (spec.gitRange)
        throw new FarmError([
          problem(
            'FARM_E097',
            `"${raw}" asks for a semver range of git tags (#semver:${spec.gitRange}), which FARM does not resolve`,
            { fix: 'name a tag, branch or commit after # (github:org/x#v1.2.0)' },
          ),
        ]);
      // Hosted shortcuts (github:org/x, org/x) clone over https as npm tries first; others as written.
      const url =
        spec.hosted && spec.hosted.default !== 'sshurl'
          ? spec.hosted.https({ noGitPlus: true, noCommittish: true })
          : spec.fetchSpec!;
      return { type: 'git', url, ref: spec.gitCommittish || undefined };
    }
    case 'directory':
      return { type: 'local', path: spec.fetchSpec! };
    case 'file':
      return { type: 'tarball', path: spec.fetchSpec! };
    case 'remote':
      return { type: 'remote', url: spec.fetchSpec! };
    default:
      return { type: 'name', name: spec.name!, range: spec.rawSpec && spec.rawSpec !== '*' ? spec.rawSpec : undefined };
  }
}
