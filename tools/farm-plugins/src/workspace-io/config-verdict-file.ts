import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ConfigVerdicts } from '../core/config';

/** Where ajv's verdicts on plugin configs are kept between runs (a cache: deleting it is safe). */
export const configVerdictPath = 'node_modules/.cache/farm/config-verdicts.json';
/** Enough for every plugin of several large workspaces; the oldest go first. */
const maxDigests = 20_000;

export interface ConfigVerdictFile extends ConfigVerdicts {
  /** Writes the file if a verdict was added; a cache that cannot be written is simply not kept. */
  save(): void;
}

/** ConfigVerdicts backed by a JSON file under the workspace's node_modules/.cache. */
export function configVerdictFile(workspaceRoot: string): ConfigVerdictFile {
  const path = join(workspaceRoot, configVerdictPath);
  const digests = new Set<string>(readDigests(path));
  let added = false;
  return {
    has: (digest) => digests.has(digest),
    add(digest) {
      if (digests.has(digest)) return;
      digests.add(digest);
      added = true;
    },
    save() {
      if (!added) return;
      // Concurrent writers (two integrate tasks) each rename a whole file: one set wins, and what
      // the other added is only checked again next time.
      const kept = [...readDigests(path), ...digests];
      const unique = [...new Set(kept.reverse())].slice(0, maxDigests).reverse();
      try {
        mkdirSync(dirname(path), { recursive: true });
        const temp = `${path}.${process.pid}.tmp`;
        writeFileSync(temp, JSON.stringify({ version: 1, digests: unique }));
        renameSync(temp, path);
        added = false;
      } catch {
        // Read-only node_modules: every run asks ajv, which is slower, never wrong.
      }
    },
  };
}

function readDigests(path: string): string[] {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as { version?: number; digests?: unknown };
    return data.version === 1 && Array.isArray(data.digests)
      ? data.digests.filter((d): d is string => typeof d === 'string')
      : [];
  } catch {
    return [];
  }
}
