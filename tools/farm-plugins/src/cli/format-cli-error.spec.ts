import { FarmError, problem } from '../core/errors';
import { formatCliError } from './format-cli-error';

describe('formatCliError', () => {
  it('gives a FARM problem its code, message and fix under --json', () => {
    const error = new FarmError([
      problem('FARM_E007', 'x is taken', { file: 'libs/plugins/x/plugin.json', pointer: '/name' }),
    ]);
    expect(JSON.parse(formatCliError(error, true))).toEqual({
      error: {
        code: 'FARM_E007',
        message: 'x is taken',
        fix: 'give one of them another package name',
        file: 'libs/plugins/x/plugin.json',
        pointer: '/name',
      },
    });
  });

  it('lists every problem when there are several, and prints the text otherwise', () => {
    const error = new FarmError([problem('FARM_E007', 'a'), problem('FARM_E020', 'b', { fix: 'do b' })]);
    expect(
      JSON.parse(formatCliError(error, true)).errors.map((e: { code: string; fix: string }) => [e.code, e.fix]),
    ).toEqual([
      ['FARM_E007', 'give one of them another package name'],
      ['FARM_E020', 'do b'],
    ]);
    expect(formatCliError(error, false)).toContain('FARM_E020');
  });
});
