// Run by quiet-output.spec.ts through jest with the repository's config: one passing and one
// failing test, each printing through console and Nx's logger.
import { logger } from '@nx/devkit';

beforeAll(() => console.log('printed by beforeAll'));

describe('quiet output', () => {
  it('passes', () => {
    console.log('printed by the passing test');
    logger.info('logged by the passing test');
    expect(true).toBe(true);
  });

  it('fails', () => {
    console.warn('printed by the failing test: %s', 'formatted');
    logger.error('logged by the failing test');
    expect('this').toBe('that');
  });
});
