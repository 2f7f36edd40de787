import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { diskWorkspace, readTextOrNull } from '../../workspace-io';
import { affectedHosts, readSourceState, type SourceChange } from './affected-hosts';
import type { HostProject } from './host-projects';
import type { Integrator } from './integrator';
import type { DevLog } from './log';
import { listSources, watchSources, type SourceWatcher } from './watch-sources';

export interface FollowOptions {
  workspaceRoot: string;
  /** Quiet time after the last file event before integrating (ms). */
  debounceMs: number;
  log: DevLog;
}

/**
 * The dev loop's reaction to edits: watches libs/plugins/** and workspace.json, and after each
 * debounced batch integrates the hosts it affects (affected-hosts.ts) — plus, while a host is
 * failing, that host on any change, so fixing the file at fault is enough to recover. One
 * integration at a time; changes arriving meanwhile are handled together afterwards.
 */
export function followSources(
  options: FollowOptions,
  integrator: Integrator,
  hosts: readonly HostProject[],
): SourceWatcher {
  const { log, workspaceRoot } = options;
  const io = {
    readManifest: (path: string) => readTextOrNull(join(workspaceRoot, path)),
    exists: (path: string) => existsSync(join(workspaceRoot, path)),
  };
  const state = readSourceState(
    diskWorkspace(workspaceRoot).listManifests(),
    listSources(workspaceRoot),
    io.readManifest,
  );
  let queued: SourceChange[] = [];
  let busy = false;
  const drain = async () => {
    busy = true;
    while (queued.length) {
      const batch = queued;
      queued = [];
      const affected = affectedHosts(batch, state, io, integrator.failing());
      const targets = hosts.filter((h) => affected.hosts.has(h.host));
      if (targets.length) await integrator.run(targets, affected.reasons.join('; '));
    }
    busy = false;
  };
  const watcher = watchSources(workspaceRoot, {
    debounceMs: options.debounceMs,
    onBatch: (changes) => {
      queued.push(...changes);
      if (!busy) void drain();
    },
    onError: (error) => log.error(`${error.message} — edits may go unnoticed; restart the dev loop`),
  });
  log.info(`watching ${watcher.watched.join(' and ')}`);
  return watcher;
}
