import type { FarmErrorCode } from '../core/errors';

/**
 * A registry operation that failed, said so a person can act on it: its catalogue code, what was
 * asked of which registry, what happened, and what to do about it.
 */
export class RegistryError extends Error {
  constructor(
    readonly code: FarmErrorCode,
    message: string,
    readonly fix: string,
    readonly status?: number,
  ) {
    super(`${code} ${message}\n  fix: ${fix}`);
    this.name = 'RegistryError';
  }
}
