/**
 * A registry operation that failed, said so a person can act on it: what was asked of which
 * registry, what happened, and what to do about it.
 */
export class RegistryError extends Error {
  constructor(
    message: string,
    readonly fix: string,
    readonly status?: number,
  ) {
    super(`${message}\n  fix: ${fix}`);
    this.name = 'RegistryError';
  }
}
