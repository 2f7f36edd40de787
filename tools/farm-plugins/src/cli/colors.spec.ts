import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { colorEnabled, type ColorContext } from './colors';

const terminal: ColorContext = { env: {}, argv: [], isTTY: true, platform: 'linux' };
const pipe: ColorContext = { ...terminal, isTTY: false };

describe('colorEnabled', () => {
  it.each<[string, ColorContext, boolean]>([
    ['a terminal', terminal, true],
    ['a pipe', pipe, false],
    ['a dumb terminal', { ...terminal, env: { TERM: 'dumb' } }, false],
    ['a pipe on CI', { ...pipe, env: { CI: 'true' } }, true],
    ['FORCE_COLOR=0 on a terminal', { ...terminal, env: { FORCE_COLOR: '0' } }, false],
    ['FORCE_COLOR=false on a terminal', { ...terminal, env: { FORCE_COLOR: 'false' } }, false],
    ['FORCE_COLOR=0 on CI', { ...pipe, env: { FORCE_COLOR: '0', CI: 'true' } }, false],
    ['FORCE_COLOR=1 into a pipe', { ...pipe, env: { FORCE_COLOR: '1' } }, true],
    ['FORCE_COLOR=3 into a pipe', { ...pipe, env: { FORCE_COLOR: '3' } }, true],
    ['FORCE_COLOR= (empty) into a pipe', { ...pipe, env: { FORCE_COLOR: '' } }, true],
    ['FORCE_COLOR=true into a pipe', { ...pipe, env: { FORCE_COLOR: 'true' } }, true],
    ['FORCE_COLOR=yes (not a level Node knows)', { ...terminal, env: { FORCE_COLOR: 'yes' } }, false],
    ['NO_COLOR=1 on a terminal', { ...terminal, env: { NO_COLOR: '1' } }, false],
    ['NO_COLOR=1 with FORCE_COLOR=1: NO_COLOR wins', { ...pipe, env: { NO_COLOR: '1', FORCE_COLOR: '1' } }, false],
    ['NO_COLOR= (empty) is not set (no-color.org)', { ...terminal, env: { NO_COLOR: '' } }, true],
    ['--no-color with FORCE_COLOR=1', { ...pipe, env: { FORCE_COLOR: '1' }, argv: ['--no-color'] }, false],
    ['--color into a pipe', { ...pipe, argv: ['--color'] }, true],
    [
      'FORCE_COLOR=0 with --color: the variable decides',
      { ...pipe, env: { FORCE_COLOR: '0' }, argv: ['--color'] },
      false,
    ],
  ])('%s → %p', (_, context, expected) => {
    expect(colorEnabled(context)).toBe(expected);
  });
});

describe("farm dev's log in a real process", () => {
  const workspaceRoot = join(__dirname, '../../../..');
  /** What `createDevLog().ok('ready')` prints in a Node process with `env` (stdout a pipe). */
  async function devLogOutput(env: Record<string, string>): Promise<string> {
    const script = `require(${JSON.stringify(join(__dirname, '../dev/lib/log.ts'))}).createDevLog().ok('ready')`;
    const base = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !['FORCE_COLOR', 'NO_COLOR', 'CI', 'TERM'].includes(key)),
    );
    const { stdout } = await promisify(execFile)(process.execPath, ['-r', '@swc-node/register', '-e', script], {
      cwd: workspaceRoot,
      env: { ...base, SWC_NODE_PROJECT: join(workspaceRoot, 'tools/farm-plugins/tsconfig.json'), ...env },
    });
    return stdout;
  }
  const escape = '\u001b[';

  it('has no colour with FORCE_COLOR=0 (picocolors alone colours it), nor with NO_COLOR beside FORCE_COLOR=1; FORCE_COLOR=1 colours it', async () => {
    const [zero, both, one] = await Promise.all([
      devLogOutput({ FORCE_COLOR: '0' }),
      devLogOutput({ NO_COLOR: '1', FORCE_COLOR: '1' }),
      devLogOutput({ FORCE_COLOR: '1' }),
    ]);
    expect(zero).toBe('[farm] ✓ ready\n');
    expect(both).toBe('[farm] ✓ ready\n');
    expect(one).toContain(escape);
    expect(
      one
        .split(escape)
        .map((part) => part.replace(/^\d+m/, ''))
        .join(''),
    ).toBe('[farm] ✓ ready\n');
  }, 60_000);
});
