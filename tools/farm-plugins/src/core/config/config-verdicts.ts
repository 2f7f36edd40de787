import { createHash } from 'node:crypto';
import { ajvOptions } from '../schema/ajv';

/**
 * Configs ajv has already accepted, remembered by digest. Compiling one ajv validator per
 * plugin's configSchema costs ~0.5 ms: most of an integrate at 1,000 plugins (docs/performance.md).
 * A digest of everything ajv's verdict depends on — its version and options, the schema, the
 * config — lets a later run skip a check whose answer cannot have changed. Only "valid" is
 * remembered: an invalid config is always checked again, so its errors are always ajv's own.
 */
export interface ConfigVerdicts {
  has(digest: string): boolean;
  add(digest: string): void;
}

export function configVerdictDigest(schema: unknown, config: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([validatorIdentity, schema, config]))
    .digest('base64url')
    .slice(0, 32);
}

const versionOf = (pkg: string) => (require(`${pkg}/package.json`) as { version: string }).version;
/** What, besides schema and config, decides ajv's answer. Bump the first item when FARM's formats change. */
const validatorIdentity = [1, versionOf('ajv'), versionOf('ajv-formats'), versionOf('semver'), ajvOptions];

/** A set in memory: what a test or a one-shot tool passes when nothing is kept between runs. */
export function memoryConfigVerdicts(): ConfigVerdicts & { readonly size: number } {
  const digests = new Set<string>();
  return {
    has: (digest) => digests.has(digest),
    add: (digest) => void digests.add(digest),
    get size() {
      return digests.size;
    },
  };
}
