import { execFileSync } from 'node:child_process';
import { createTempWorkspace, type TempWorkspace } from '../../src/testing/temp-workspace';

/**
 * activate, deactivate and remove take several names as positionals, so their schemas cannot say
 * `additionalProperties: false`: they refuse unknown options themselves. The real nx CLI over a
 * copy of this workspace, in git, so "nothing was changed" is git's word.
 */
describe('generators that take positional names refuse options their schema does not list', () => {
  jest.setTimeout(300_000);
  let ws: TempWorkspace;
  beforeAll(() => {
    ws = createTempWorkspace({ gitInit: true });
  });
  afterAll(() => ws.dispose());

  const gitStatus = () => execFileSync('git', ['status', '--porcelain'], { cwd: ws.root, encoding: 'utf8' });
  const active = () => {
    const plugins = ws.json('workspace.json').plugins as Record<string, { active: boolean }>;
    return Object.keys(plugins).filter((name) => plugins[name]!.active);
  };

  it.each([
    [['deactivate', 'ai-chat', '--dryrun'], "'dryrun' is not found in schema (did you mean --dry-run?)"],
    [
      ['remove', 'ai-chat', 'auth', '--skipintegrate'],
      "'skipintegrate' is not found in schema (did you mean --skipIntegrate?)",
    ],
    [['activate', 'auth', '--force'], "'force' is not found in schema\n"],
  ])("nx g @farm/plugins:%j is refused in Nx's words before anything is done", ([generator, ...args], message) => {
    const before = active();
    const result = ws.nx(['g', `@farm/plugins:${generator}`, ...args!, '--no-interactive']);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain(message);
    expect(result.output).toContain('the options of this generator are --name, --skipIntegrate');
    expect(result.output).not.toMatch(/deactivated|removed|integrated/);
    expect(gitStatus()).toBe('');
    expect(active()).toEqual(before);
  });

  it('lets the options it lists through, dashed or not, with several names', () => {
    const dry = ws.nx([
      'g',
      '@farm/plugins:deactivate',
      'ai-chat',
      'auth',
      '--skip-integrate',
      '--dry-run',
      '--no-interactive',
    ]);
    expect(dry.output).toContain('NOTE: The "dryRun" flag means no changes were made.');
    expect(dry.status).toBe(0);
    expect(gitStatus()).toBe('');

    const real = ws.nx([
      'g',
      '@farm/plugins:deactivate',
      'ai-chat',
      '--skipIntegrate',
      '--hook-timeout-ms=30000',
      '--no-interactive',
    ]);
    expect(real.status).toBe(0);
    expect(active()).not.toContain('@farm/ai-chat');
    expect(gitStatus()).toBe(' M workspace.json\n');
  });
});
