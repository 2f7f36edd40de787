import { execFile } from 'node:child_process';
import { join } from 'node:path';

const workspaceRoot = join(__dirname, '../../../..');

/** jest, with the repository's config, on the fixture only: its exit code and what it printed. */
function runFixture(env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  const args = [
    join(workspaceRoot, 'node_modules/jest/bin/jest.js'),
    '--ci',
    '--testMatch',
    '**/__fixtures__/quiet-output/prints.fixture.ts',
    '--testPathIgnorePatterns',
    '/node_modules/',
  ];
  return new Promise((done) => {
    // No colour: picocolors (Nx's logger) colours under CI=true, and this test reads the text.
    const { FORCE_COLOR: _forced, ...inherited } = process.env;
    execFile(
      process.execPath,
      args,
      { cwd: workspaceRoot, env: { ...inherited, NO_COLOR: '1', FARM_TEST_OUTPUT: '', ...env } },
      (error, stdout, stderr) => {
        done({ code: error ? ((error as { code?: number }).code ?? null) : 0, output: `${stdout}${stderr}` });
      },
    );
  });
}

describe('test output (jest.environment.js)', () => {
  it("shows only a failing test's output, under its name, without stack locations", async () => {
    const { code, output } = await runFixture();
    expect(code).toBe(1);
    expect(output).toContain(
      '● output of quiet output › fails (shown because it failed):\n[warn] printed by the failing test: formatted\n[error] logged by the failing test\n',
    );
    expect(output).not.toContain('printed by the passing test');
    expect(output).not.toContain('logged by the passing test');
    // beforeAll's output belongs to the first test, which passed.
    expect(output).not.toContain('printed by beforeAll');
    expect(output).not.toMatch(/console\.(log|warn|error)\n\s+at /);
  }, 60_000);

  it('FARM_TEST_OUTPUT=all prints everything, as jest does by default', async () => {
    const { output } = await runFixture({ FARM_TEST_OUTPUT: 'all' });
    expect(output).toContain('printed by the passing test');
    expect(output).toContain('printed by beforeAll');
  }, 60_000);
});
