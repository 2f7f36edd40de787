import { problem, type FarmProblem } from '../core/errors';

/**
 * An entry of a plugin package that a copy into the workspace cannot take over as it is: it would
 * bring in a file from elsewhere on the machine (a link) or is no file at all.
 */
export interface UnsafeEntry {
  /** Its path inside the plugin folder (or inside the tarball, for a refused tarball entry). */
  path: string;
  kind: 'symlink' | 'hardlink' | 'special' | 'escape';
  /** The link's target, the kind of special file, or why the path leaves the package. */
  detail: string;
}

/** Where the entries were found, for the problems: the plugin (when known) and a readable origin. */
export interface EntryOrigin {
  plugin?: string;
  /** The folder, tarball or URL the plugin comes from, as the user named it. */
  origin: string;
  /** The entry's path as the problem's `file` (workspace-relative when the plugin is in the workspace). */
  fileOf?: (path: string) => string;
}

/** One located problem per unsafe entry (docs/security.md#what-a-plugin-package-may-hold). */
export function unsafeEntryProblems(entries: readonly UnsafeEntry[], at: EntryOrigin): FarmProblem[] {
  return entries.map((entry) => {
    const where = { plugin: at.plugin, file: at.fileOf ? at.fileOf(entry.path) : entry.path };
    const subject = `"${entry.path}" in ${at.origin}`;
    switch (entry.kind) {
      case 'symlink':
        return problem(
          'FARM_E110',
          `${subject} is a symbolic link to ${entry.detail}: copying it would bring that file into the workspace; a plugin holds only files and folders`,
          where,
        );
      case 'hardlink':
        return problem(
          'FARM_E111',
          `${subject} is a hard link ${entry.detail}: it shares its contents with a file outside the plugin`,
          where,
        );
      case 'special':
        return problem(
          'FARM_E112',
          `${subject} is a ${entry.detail}, not a file: a plugin holds only files and folders`,
          where,
        );
      case 'escape':
        return problem('FARM_E113', `${subject}: ${entry.detail}`, where);
    }
  });
}
