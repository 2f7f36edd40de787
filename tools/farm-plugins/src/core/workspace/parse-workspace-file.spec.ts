import { maxJsonDepth } from '../json';
import { parseWorkspaceFile } from './parse-workspace-file';

const withConfig = (config: string) =>
  `{"farmVersion":"1.0.0","plugins":{"@farm/auth":{"source":{"type":"workspace","spec":"libs/plugins/auth"},"version":"1.0.0","active":true,"config":${config}}}}`;

describe('parseWorkspaceFile', () => {
  it('refuses a config nested deeper than the limit, at its pointer, before anything recurses into it', () => {
    const depth = 100_000;
    const { workspace, problems } = parseWorkspaceFile(withConfig(`{"x":${'['.repeat(depth)}${']'.repeat(depth)}}`));
    expect(workspace).toBeUndefined();
    expect(problems.map((p) => p.code)).toEqual(['FARM_E014']);
    // plugins (1) / @farm/auth (2) / config (3) / x (4) / arrays from there on.
    expect(problems[0]!.pointer).toBe(`/plugins/@farm~1auth/config/x${'/0'.repeat(maxJsonDepth - 4)}`);
  });

  it('accepts a config nested just under the limit', () => {
    const arrays = maxJsonDepth - 4;
    const { workspace, problems } = parseWorkspaceFile(withConfig(`{"x":${'['.repeat(arrays)}${']'.repeat(arrays)}}`));
    expect(problems).toEqual([]);
    expect(workspace?.plugins['@farm/auth']?.active).toBe(true);
  });
});

describe('parseWorkspaceFile reads the file as Node and npm do (issue 12)', () => {
  const plugin =
    '{ "source": { "type": "workspace", "spec": "libs/plugins/x" }, "version": "1.0.0", "active": true, "config": {} }';

  it('accepts a UTF-8 byte order mark', () => {
    const { workspace, problems } = parseWorkspaceFile(
      `\uFEFF{ "farmVersion": "1.0.0", "plugins": { "@farm/x": ${plugin} } }`,
    );
    expect(problems).toEqual([]);
    expect(Object.keys(workspace!.plugins)).toEqual(['@farm/x']);
  });

  it('refuses a plugin listed twice at the second entry, naming the first', () => {
    const text = [
      '{',
      '  "farmVersion": "1.0.0",',
      '  "plugins": {',
      `    "@farm/x": ${plugin},`,
      `    "@farm/x": ${plugin.replace('true', 'false')}`,
      '  }',
      '}',
    ].join('\n');
    const { workspace, problems } = parseWorkspaceFile(text);
    expect(workspace).toBeUndefined();
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'FARM_E015',
        file: 'workspace.json',
        pointer: '/plugins/@farm~1x',
        line: 5,
        column: 5,
        message:
          '"@farm/x" is named a second time in /plugins (first at line 4, column 5); JSON parsers would silently keep only this one',
      }),
    ]);
  });
});
