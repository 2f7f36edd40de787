import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { heldScratch, processIsAlive, type ScratchFolder } from './scratch-folder';

/**
 * The runtime gate's staged package sets (Python's `gate-site`, npm's `gate-npm`): folders under
 * a cache folder, each named by a digest of what it holds, installed once into a scratch folder
 * and renamed into place, reused by the next gate that misses the same set, removed once nobody
 * used them for a week (a gate uses one for seconds). Deleting any of them is safe.
 */

/** A set nobody used for this long is removed. */
const unusedForMs = 7 * 24 * 3600 * 1000;

/** Whether the set `folder` is already staged; if so, marks it used now (so pruning keeps it). */
export function reuseStagedSet(folder: string): boolean {
  if (!existsSync(folder)) return false;
  const now = new Date();
  try {
    utimesSync(folder, now, now);
  } catch {
    // A read-only cache still works; it is only pruned sooner.
  }
  return true;
}

/** `<set>.<pid>.<ms>.tmp`: scratchFor's names, with the pid of their maker. */
const scratchName = /\.(\d+)\.\d+\.tmp$/;

/**
 * Prepares `cache` for a new set: creates it, removes sets unused for a week and the scratch
 * paths of processes that no longer exist (`kill -9` mid-install), and returns a scratch path
 * beside `folder` that is this process's alone, held until `remove()`: a Ctrl-C mid-install
 * removes it (heldScratch).
 */
export function scratchFor(cache: string, folder: string): ScratchFolder {
  mkdirSync(cache, { recursive: true });
  const now = Date.now();
  for (const entry of readdirSync(cache)) {
    const path = join(cache, entry);
    const maker = scratchName.exec(entry)?.[1];
    const deadMaker = maker !== undefined && Number(maker) !== process.pid && !processIsAlive(Number(maker));
    try {
      if (deadMaker || now - statSync(path).mtimeMs > unusedForMs) rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed by another gate meanwhile.
    }
  }
  return heldScratch(`${folder}.${process.pid}.${now}.tmp`);
}

/**
 * Renames a whole scratch set into place. Another gate that staged the same set first wins: its
 * copy is as good as ours (same digest), so ours is dropped by the caller's cleanup.
 */
export function renameIntoPlace(scratch: string, folder: string): void {
  try {
    renameSync(scratch, folder);
  } catch (error) {
    if (!existsSync(folder)) throw error;
  }
}
