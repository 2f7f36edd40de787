import { readdirSync, readFileSync } from 'node:fs';

/** One process as /proc/<pid>/stat tells it. `state` 'Z' is a zombie: exited, not yet reaped. */
export interface ProcessEntry {
  pid: number;
  ppid: number;
  pgid: number;
  state: string;
}

/**
 * pid, parent pid, process group and state of every process, from /proc (Linux; no `ps` in slim
 * images). A process that exits while the table is read is left out.
 */
export function processTable(): ProcessEntry[] {
  const table: ProcessEntry[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // "pid (comm) state ppid pgrp …" — comm may contain spaces and parentheses
      const [state, ppid, pgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state !== undefined) table.push({ pid: Number(name), ppid: Number(ppid), pgid: Number(pgid), state });
    } catch {
      // exited while we looked
    }
  }
  return table;
}

/** Live (not zombie) processes of a process group. */
export function groupAlive(pgid: number): number[] {
  return processTable()
    .filter((p) => p.pgid === pgid && p.state !== 'Z')
    .map((p) => p.pid);
}

/** The command line of a process (its argv), empty when it is gone. */
export function commandLineOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}
