import { runAfterWrite } from './run-after-write';

describe('runAfterWrite', () => {
  it('says which signal ended the child: a kill -9 from outside is not an exit code', async () => {
    const run = await runAfterWrite('sh', ['-c', 'kill -9 $$'], { cwd: __dirname, afterWrite: 'x', capture: true });
    expect(run).toEqual({ status: 1, stdout: '', stderr: '', signal: 'SIGKILL' });
  });

  it('returns a plain exit as its status and output, no signal', async () => {
    const run = await runAfterWrite('sh', ['-c', 'echo out; echo err >&2; exit 3'], {
      cwd: __dirname,
      afterWrite: 'x',
      capture: true,
    });
    expect(run).toEqual({ status: 3, stdout: 'out\n', stderr: 'err\n' });
  });
});
