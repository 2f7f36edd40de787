import { logger, type GeneratorCallback, type Tree } from '@nx/devkit';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { commitFiles, recoverFileTransaction, type FileChange } from '../../src/workspace-io/file-transaction';
import { lockWorkspace } from '../../src/workspace-io/workspace-lock';
import { finishPendingInstalls } from './finish-pending-installs';

type Generator<T> = (tree: Tree, options: T) => Promise<GeneratorCallback | void>;

/** `nx g … --dry-run` (or `-d`): Nx then prints the Tree's changes and writes nothing. */
function isDryRun(argv: readonly string[] = process.argv): boolean {
  return argv.some(
    (arg) => arg === '--dry-run' || arg === '--dryRun' || arg === '-d' || /^--dry-?[rR]un=(true|)$/.test(arg),
  );
}

/**
 * Makes a generator's change one transaction (host/file-transaction.ts) instead of Nx's file-by-
 * file `writeFileSync` flush, which a kill can leave with a 0-byte workspace.json. The Tree's
 * changes are taken out of the Tree (so Nx flushes nothing) and written by the returned
 * callback — which Nx runs after the generator, never under --dry-run — followed by the
 * generator's own install step. Under --dry-run the Tree is left as it is, so Nx prints it.
 * A Tree that cannot be emptied (never expected) is left to Nx's flush, not lost.
 *
 * One change at a time: the workspace lock (`.farm/lock`, workspace-lock.ts) is taken before the
 * generator reads anything and held until the callback has committed and installed, so two
 * commands cannot both read the old workspace.json and each commit their own (a lost update). A
 * second command is refused at once with FARM_E016, having written nothing. A change a kill
 * interrupted is recovered under the lock, before the generator reads; so are the installs an
 * earlier change recorded and did not finish (`.farm/install-pending.json`, finishPendingInstalls
 * — not under --dry-run, which installs nothing). The lock goes at once on a refusal, a throw or
 * --dry-run.
 */
export function commitAtomically<T>(generator: Generator<T>): Generator<T> {
  return async (tree, options) => {
    const lock = lockWorkspace(tree.root);
    let handedOver = false;
    try {
      const recovered = recoverFileTransaction(tree.root);
      if (recovered) logger.warn(`an interrupted change was ${recovered} (.farm/transaction.json)`);
      if (!isDryRun()) await finishPendingInstallsOrWarn(tree.root);
      const install = await generator(tree, options);
      const changes = tree.listChanges();
      if (isDryRun() || (!changes.length && !install)) return install;
      handedOver = true;
      const files: FileChange[] = changes.map((c) => ({
        path: c.path,
        contents: c.type === 'DELETE' ? null : c.content,
      }));
      for (const change of changes) {
        if (change.type === 'CREATE') tree.delete(change.path);
        else restore(tree, change.path);
      }
      const commit = !tree.listChanges().length;
      if (!commit) logger.warn('the change could not be written as one transaction; Nx writes it file by file');
      return async () => {
        try {
          lock.keepThroughInterrupt();
          if (commit) {
            for (const file of files) logger.info(`${file.contents === null ? 'DELETE' : 'WRITE '} ${file.path}`);
            commitFiles(tree.root, files);
          }
          if (install) await install();
        } finally {
          lock.release();
        }
      };
    } finally {
      if (!handedOver) lock.release();
    }
  };
}

/**
 * Puts a path back as the disk has it. A deleted folder's record goes when a file inside it is
 * written back (FsTree drops deleted parents then), so a folder is restored file by file.
 */
function restore(tree: Tree, path: string): void {
  const full = join(tree.root, path);
  if (!statSync(full).isDirectory()) return tree.write(path, readFileSync(full));
  for (const entry of readdirSync(full, { withFileTypes: true })) restore(tree, posix.join(path, entry.name));
}

/**
 * finishPendingInstalls, which a cause outside the workspace can fail again and again (a registry
 * down, a package unpublished): then it warns with the reason and the change goes on — blocking
 * every later change would also block the `remove` of the plugin whose package fails. The record
 * stays, so the next change tries again.
 */
async function finishPendingInstallsOrWarn(workspaceRoot: string): Promise<void> {
  try {
    await finishPendingInstalls(workspaceRoot);
  } catch (error) {
    logger.warn(
      `an earlier change's install failed again, so this change goes on without it (the record stays in .farm/install-pending.json): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
