import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatProblems } from '../errors';
import { loadManifest, maxManifestBytes } from './load-manifest';
import { projectNameOf, pythonAliasOf } from './plugin-names';
import { contributedKinds } from './types';

const fixture = (name: string) => readFileSync(join(__dirname, '__fixtures__', name), 'utf8');

describe('loadManifest', () => {
  it.each(['spec-auth.plugin.json', 'spec-ai-chat.plugin.json'])('accepts the spec manifest %s verbatim', (name) => {
    const short = name.replace(/^spec-|\.plugin\.json$/g, '');
    const { loaded, problems } = loadManifest(fixture(name), `libs/plugins/${short}/plugin.json`);
    expect(formatProblems(problems)).toBe('');
    expect(loaded?.manifest.name).toBe(`@farm/${short}`);
  });

  it('reads what the spec manifests really use: string indexes and function / ReactNode prop types', () => {
    const { loaded } = loadManifest(fixture('spec-auth.plugin.json'), 'libs/plugins/auth/plugin.json');
    expect(loaded!.manifest.backend!.models!.User!.indexes).toEqual(['email', 'username']);
    expect(loaded!.manifest.frontend!.components!.ProtectedRoute!.props).toMatchObject({
      properties: { children: { type: 'ReactNode' } },
    });
    expect(contributedKinds(loaded!.manifest)).toEqual(['frontend', 'backend']);
  });

  it('reports every schema problem in one pass, each located with a fix', () => {
    const text = [
      '{',
      '  "name": "@farm/x",',
      '  "version": "1.0",',
      '  "farmVersion": "^1",',
      '  "descripton": "x",',
      '  "frontend": { "hooks": { "useA": { "path": 3 } } }',
      '}',
    ].join('\n');
    const { loaded, problems } = loadManifest(text, 'libs/plugins/x/plugin.json');
    expect(loaded).toBeUndefined();
    const byPointer = Object.fromEntries(problems.map((p) => [p.pointer, p]));
    expect(Object.keys(byPointer).sort()).toEqual([
      '/author',
      '/description',
      '/descripton',
      '/frontend/hooks/useA/path',
      '/license',
      '/version',
    ]);
    expect(byPointer['/descripton']).toMatchObject({
      code: 'FARM_E003',
      line: 5,
      column: 3,
      fix: 'did you mean "description"? Otherwise remove it',
    });
    expect(byPointer['/version']).toMatchObject({ line: 3, fix: 'use a version like "1.2.3"' });
    expect(byPointer['/frontend/hooks/useA/path']).toMatchObject({
      line: 6,
      message: '/frontend/hooks/useA/path must be a string',
    });
  });

  it('gives JSON syntax errors a line and column', () => {
    const p = loadManifest('{\n  "name": \n}', 'libs/plugins/x/plugin.json').problems[0]!;
    expect(p).toMatchObject({ code: 'FARM_E002', plugin: 'x', line: 3, column: 1 });
  });

  it('refuses an oversized manifest before parsing it', () => {
    const p = loadManifest(' '.repeat(maxManifestBytes + 1), 'libs/plugins/x/plugin.json').problems[0]!;
    expect(p.code).toBe('FARM_E004');
  });

  describe('reads the file as Node and npm do (issue 12)', () => {
    const minimal = {
      name: '@farm/x',
      version: '1.0.0',
      description: 'd',
      author: 'a',
      license: 'MIT',
      farmVersion: '^1.0.0',
    };
    const file = 'libs/plugins/x/plugin.json';

    it('accepts a UTF-8 byte order mark, and locates later problems as an editor shows them', () => {
      const text = '\uFEFF' + JSON.stringify({ ...minimal, version: '1.0' }, null, 2);
      const { loaded, problems } = loadManifest('\uFEFF' + JSON.stringify(minimal, null, 2), file);
      expect(problems).toEqual([]);
      expect(loaded?.manifest.name).toBe('@farm/x');
      expect(loadManifest(text, file).problems).toMatchObject([
        { code: 'FARM_E003', pointer: '/version', line: 3, column: 3 },
      ]);
    });

    it('refuses a repeated key at its second occurrence, naming the first, and nothing else', () => {
      const text = [
        '{',
        '  "name": "@farm/x",',
        '  "version": "1.0.0",',
        '  "frontend": { "components": {',
        '    "Card": { "path": "./Card.tsx" },',
        '    "Card": { "path": "./Card.ts" }',
        '  } },',
        '  "version": "2.0.0"',
        '}',
      ].join('\n');
      const { loaded, problems } = loadManifest(text, file);
      expect(loaded).toBeUndefined();
      expect(problems).toEqual([
        expect.objectContaining({
          code: 'FARM_E009',
          plugin: 'x',
          file,
          pointer: '/frontend/components/Card',
          line: 6,
          column: 5,
          message:
            '"Card" is named a second time in /frontend/components (first at line 5, column 5); JSON parsers would silently keep only this one',
        }),
        expect.objectContaining({
          code: 'FARM_E009',
          pointer: '/version',
          line: 8,
          column: 3,
          message: expect.stringContaining('in the top-level object (first at line 3, column 3)'),
        }),
      ]);
      expect(formatProblems(problems)).toContain(
        'FARM_E009 plugin "x" (libs/plugins/x/plugin.json:6:5 /frontend/components/Card):',
      );
    });

    /** A valid manifest of exactly `bytes` bytes in UTF-8, padded in its description with `pad`. */
    function manifestOfBytes(bytes: number, pad: string, prefix = ''): string {
      const shell = prefix + JSON.stringify({ ...minimal, description: '' });
      const room = bytes - Buffer.byteLength(shell);
      const padBytes = Buffer.byteLength(pad);
      const text = shell.replace(
        '"description":""',
        `"description":"${pad.repeat(Math.floor(room / padBytes))}${'d'.repeat(room % padBytes)}"`,
      );
      expect(Buffer.byteLength(text)).toBe(bytes);
      return text;
    }

    it.each([
      ['é (2 bytes, 1 unit)', 'é', ''],
      ['€ (3 bytes, 1 unit)', '€', ''],
      ['😀 (4 bytes, 2 units)', '😀', ''],
      ['ASCII after a byte order mark (3 bytes)', 'a', '\uFEFF'],
    ])('measures the 1 MiB limit in bytes of the file: %s', (_, pad, prefix) => {
      const atLimit = manifestOfBytes(maxManifestBytes, pad, prefix);
      expect(loadManifest(atLimit, file).problems).toEqual([]);
      const over = manifestOfBytes(maxManifestBytes + 1, pad, prefix);
      expect(over.length).toBeLessThanOrEqual(maxManifestBytes);
      expect(loadManifest(over, file).problems).toMatchObject([
        {
          code: 'FARM_E004',
          message: `plugin.json is ${maxManifestBytes + 1} bytes; the limit is ${maxManifestBytes}`,
        },
      ]);
    });
  });

  it('checks that configSchema is a JSON Schema', () => {
    const manifest = {
      name: '@farm/x',
      version: '1.0.0',
      description: 'd',
      author: 'a',
      license: 'MIT',
      farmVersion: '^1.0.0',
      configSchema: { type: 'object', properties: { a: { type: 'strnig' } } },
    };
    expect(loadManifest(JSON.stringify(manifest), 'libs/plugins/x/plugin.json').problems.map((p) => p.code)).toContain(
      'FARM_E005',
    );
  });

  it('wants the folder to be the short name', () => {
    const manifest = {
      name: '@farm/x',
      version: '1.0.0',
      description: 'd',
      author: 'a',
      license: 'MIT',
      farmVersion: '^1.0.0',
    };
    expect(loadManifest(JSON.stringify(manifest), 'libs/plugins/y/plugin.json').problems).toMatchObject([
      { code: 'FARM_E006', pointer: '/name' },
    ]);
  });
});

describe('plugin names', () => {
  it.each([
    ['@farm/auth', 'auth', 'auth'],
    ['@farm/ai-chat', 'ai-chat', 'ai_chat'],
    ['@farm/plugin-weather', 'weather', 'weather'],
    ['farm-plugin-x', 'x', 'x'],
    ['@acme/farm-plugin-3d', '3d', '_3d'],
  ])('%s → project %s, Python alias %s', (name, project, alias) => {
    expect(projectNameOf(name)).toBe(project);
    expect(pythonAliasOf(name)).toBe(alias);
  });
});
