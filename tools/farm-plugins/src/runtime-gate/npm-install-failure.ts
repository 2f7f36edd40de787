import { errorCatalogue, problem, type FarmErrorCode, type FarmProblem } from '../core/errors';
import { networkCodes, tlsCodes } from '../registry/registry-error';

/** A plugin's declared npm package: `frontend.dependencies[i]` of its plugin.json. */
export interface DeclaredNpmPackage {
  name: string;
  /** The declared spec after the name (a range, version, tag, alias or URL); `*` when none is given. */
  range: string;
  /** The plugin's package name. */
  plugin: string;
  /** Workspace-relative plugin.json. */
  file: string;
  /** JSON pointer of the entry: `/frontend/dependencies/<i>`. */
  pointer: string;
}

/** What an `npm install` run left: its exit status and output, or why it could not start. */
export interface NpmRun {
  status: number;
  stderr: string;
  /** Set when npm could not be started at all (not on PATH, not executable). */
  spawnError?: string;
  /** The signal that ended npm from outside (a `kill -9`, the OOM killer), when one did. */
  signal?: NodeJS.Signals;
}

// npm's `npm error code <X>` (its own codes and Node's) → the registry codes of the catalogue,
// as src/registry/registry-error.ts maps the same codes from npm's libraries.
function farmCodeOf(npmCode: string): FarmErrorCode {
  if (npmCode === 'ERESOLVE') return 'FARM_E102';
  if (networkCodes.has(npmCode) || tlsCodes.has(npmCode)) return 'FARM_E090';
  if (npmCode === 'E401' || npmCode === 'E403' || npmCode === 'EOTP') return 'FARM_E091';
  if (npmCode === 'E404') return 'FARM_E092';
  if (['ETARGET', 'ENOVERSIONS', 'EBADENGINE', 'EBADPLATFORM'].includes(npmCode)) return 'FARM_E094';
  if (npmCode === 'EINTEGRITY') return 'FARM_E096';
  if (/^E\d{3}$/.test(npmCode)) return 'FARM_E093';
  return 'FARM_E116';
}

/**
 * The problems of an `npm install` of `packages` that failed, one per package npm's error names
 * (all of them when it names none, as for an unreachable registry), located at the plugin's
 * plugin.json entry `/frontend/dependencies/<i>`. The FARM code follows npm's own code (its
 * `npm error code <X>` line): FARM_E090 unreachable (network, TLS), E091 refused (E401/E403),
 * E092 not found (E404), E094 no version in the range or for this machine (ETARGET, EBADENGINE…),
 * E096 integrity, E093 another HTTP answer, E102 a dependency conflict (ERESOLVE: a peer range the
 * workspace's packages do not meet), E116 anything else (npm missing, disk full). npm's error
 * lines are quoted (without the log file's path); the fix says an `npm view` that asks the
 * registry the same question with the workspace's config. `when`: `'stage'` for the gate's own
 * install into its cache (stageNpmPackages), `'install'` for the preview of the workspace's
 * `npm install` after the write (npmInstallPreviewProblems). An npm ended by a signal is one
 * FARM_E116 per plugin that says so and that no package is at fault (a `kill -9` of the gate's
 * npm was an E116 quoting nothing, at each package it was staging).
 */
export function npmInstallProblems(
  run: NpmRun,
  packages: readonly DeclaredNpmPackage[],
  when: 'stage' | 'install' = 'stage',
): FarmProblem[] {
  // Ended from outside: no package is at fault, and npm said nothing to quote. Said once per plugin
  // whose packages npm was installing (where it was stopped), so every caller shows it.
  if (run.signal)
    return packages
      .filter((p, i) => packages.findIndex((q) => q.plugin === p.plugin) === i)
      .map((p) =>
        problem(
          'FARM_E116',
          `npm was ended by ${run.signal} while installing this plugin's packages (a kill from outside, the OOM killer, or the gate's 10-minute guard), not by an error about a package; nothing is written`,
          { plugin: p.plugin, file: p.file, pointer: p.pointer, fix: 'run the same command again' },
        ),
      );
  const lines = run.spawnError
    ? [run.spawnError]
    : run.stderr
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => /^npm (error|ERR!)/.test(line) && !/complete log of this run|A complete log/i.test(line))
        .map((line) => line.replace(/^npm (error|ERR!)\s*/, ''))
        // The stack and the fields of Node's error object (printed after its message) repeat it.
        .filter((line) => line && !/^(at |syscall |errno )|^[\w$]+: ('.*'|\d+|true|false|null),?$|^[{}]$/.test(line));
  const npmCode = run.spawnError ? 'ENOENT' : (/^code (\S+)/.exec(lines[0] ?? '')?.[1] ?? '');
  const said = (lines.length ? lines : [`exit status ${run.status}`]).slice(0, 12).join('\n    ');
  const code = run.spawnError ? 'FARM_E116' : farmCodeOf(npmCode);
  const text = lines.join('\n');
  const named = packages.filter((p) => new RegExp(`(^|[\\s'"/@])${escape(p.name)}([@'"\\s/]|$)`, 'm').test(text));
  const why =
    when === 'stage'
      ? "which the frontend's type check reads before anything is written"
      : code === 'FARM_E102'
        ? "beside the workspace's packages: the npm install after the change is written would refuse it"
        : 'into this workspace: the npm install after the change is written would fail';
  return (named.length ? named : packages).map((p) =>
    problem(
      code,
      `npm cannot install ${p.name}@${p.range} (declared in frontend.dependencies), ${why}; npm said:\n    ${said}`,
      {
        plugin: p.plugin,
        file: p.file,
        pointer: p.pointer,
        fix: fixFor(code, p),
      },
    ),
  );
}

function fixFor(code: FarmErrorCode, p: DeclaredNpmPackage): string {
  const rerun = `npm view '${p.name}@${p.range.replace(/'/g, '')}' version (in the workspace) asks the same`;
  if (code === 'FARM_E092' || code === 'FARM_E094')
    return `correct the name or version of ${p.name} at ${p.pointer} (npm view ${p.name} versions lists what the registry has), or point .npmrc at the registry that has it; ${rerun}`;
  if (code === 'FARM_E116') return errorCatalogue.FARM_E116.fix;
  if (code === 'FARM_E102')
    return `declare a version of ${p.name} at ${p.pointer} whose peerDependencies accept the workspace's packages npm names (npm view ${p.name} peerDependencies), or change the workspace's package to one in that range; npm install --dry-run '${p.name}@${p.range.replace(/'/g, '')}' (in the workspace) asks the same`;
  return `${errorCatalogue[code].fix}; npm config get registry shows what npm uses; ${rerun}`;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
