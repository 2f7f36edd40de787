import { environmentProblem } from './python-lock';

describe('environmentProblem', () => {
  it("quotes uv's own words", () => {
    const found = environmentProblem('cannot create .venv', {
      status: 2,
      stdout: '',
      stderr: 'error: No interpreter found\n',
    });
    expect(found).toMatchObject({ code: 'FARM_E101', message: 'cannot create .venv: No interpreter found' });
    expect(found.fix).toBeUndefined();
  });

  it('says a uv ended by a signal was ended, and that running it again is the fix, not the network', () => {
    const found = environmentProblem('cannot install uv.lock into .venv', {
      status: 1,
      stdout: '',
      stderr: '',
      signal: 'SIGKILL',
    });
    expect(found.message).toBe(
      'cannot install uv.lock into .venv: uv was ended by SIGKILL before it finished (not by an error of its own)',
    );
    expect(found.fix).toMatch(/^run the same command again/);
  });
});
