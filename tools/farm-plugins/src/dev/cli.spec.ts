import { parseDevArgs } from './cli';
import { normalizeDevLoopOptions } from './options';

describe('parseDevArgs', () => {
  it('reads both option spellings', () => {
    expect(
      parseDevArgs([
        '--backend-port',
        '8100',
        '--frontend-port=5200',
        '--host=0.0.0.0',
        '--integrate',
        'nx',
        '--debounce=20',
      ]),
    ).toEqual({
      help: false,
      options: { backendPort: 8100, frontendPort: 5200, host: '0.0.0.0', integrate: 'nx', debounceMs: 20 },
    });
  });

  it.each([
    [['--backend-port', 'eighty'], /^farm dev: --backend-port needs a whole number from 1 to 65535, got "eighty"$/],
    [['--backend-port=1e3'], /--backend-port needs a whole number/],
    [['--debounce=80000'], /--debounce needs a whole number from 0 to 60000, got "80000"/],
    [['--host='], /^farm dev: --host needs a value, got an empty one/],
    [['--backend-port'], /^farm dev: Option '--backend-port <value>' argument missing \(see farm dev --help\)$/],
    [['--backend-port', '--host'], /farm dev: Option '--backend-port' argument is ambiguous/],
    [['--port', '1'], /farm dev: Unknown option '--port'/],
    [['--help=yes'], /farm dev: Option '-h, --help' does not take an argument/],
    [['serve'], /farm dev: Unexpected argument 'serve'/],
  ])('%j is refused: %s', (argv, message) => {
    expect(() => parseDevArgs(argv)).toThrow(message);
  });

  it('-h and --help ask for the usage', () => {
    expect(parseDevArgs(['--help'])).toEqual({ help: true });
    expect(parseDevArgs(['--backend-port=1', '-h'])).toEqual({ help: true });
  });
});

describe('normalizeDevLoopOptions', () => {
  it('defaults: 127.0.0.1, uvicorn 8000, Vite 5173, in-process integrate, 75 ms debounce', () => {
    const { log: _log, ...options } = normalizeDevLoopOptions({ workspaceRoot: '/w' });
    expect(options).toEqual({
      workspaceRoot: '/w',
      host: '127.0.0.1',
      backendPort: 8000,
      frontendPort: 5173,
      integrate: 'in-process',
      debounceMs: 75,
      readyTimeoutMs: 60_000,
      handleSignals: false,
    });
  });

  it.each([
    [{ backendPort: 70_000 }, /backend port must be a port number \(1–65535\), got 70000/],
    [{ frontendPort: 0 }, /frontend port must be a port number/],
    [{ integrate: 'daemon' as never }, /integrate must be "in-process" or "nx", got "daemon"/],
  ])('%j is refused', (options, message) => {
    expect(() => normalizeDevLoopOptions({ workspaceRoot: '/w', ...options })).toThrow(message);
  });
});
