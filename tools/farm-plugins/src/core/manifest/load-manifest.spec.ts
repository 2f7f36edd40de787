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
    expect(loaded!.manifest.backend!.models!.User.indexes).toEqual(['email', 'username']);
    expect(loaded!.manifest.frontend!.components!.ProtectedRoute.props).toMatchObject({ properties: { children: { type: 'ReactNode' } } });
    expect(contributedKinds(loaded!.manifest)).toEqual(['frontend', 'backend']);
  });

  it('reports every schema problem in one pass, each located with a fix', () => {
    const text = ['{', '  "name": "@farm/x",', '  "version": "1.0",', '  "farmVersion": "^1",', '  "descripton": "x",', '  "frontend": { "hooks": { "useA": { "path": 3 } } }', '}'].join('\n');
    const { loaded, problems } = loadManifest(text, 'libs/plugins/x/plugin.json');
    expect(loaded).toBeUndefined();
    const byPointer = Object.fromEntries(problems.map((p) => [p.pointer, p]));
    expect(Object.keys(byPointer).sort()).toEqual(['/author', '/description', '/descripton', '/frontend/hooks/useA/path', '/license', '/version']);
    expect(byPointer['/descripton']).toMatchObject({ code: 'FARM_E003', line: 5, column: 3, fix: 'did you mean "description"? Otherwise remove it' });
    expect(byPointer['/version']).toMatchObject({ line: 3, fix: 'use a version like "1.2.3"' });
    expect(byPointer['/frontend/hooks/useA/path']).toMatchObject({ line: 6, message: '/frontend/hooks/useA/path must be a string' });
  });

  it('gives JSON syntax errors a line and column', () => {
    const [p] = loadManifest('{\n  "name": \n}', 'libs/plugins/x/plugin.json').problems;
    expect(p).toMatchObject({ code: 'FARM_E002', plugin: 'x', line: 3, column: 1 });
  });

  it('refuses an oversized manifest before parsing it', () => {
    const [p] = loadManifest(' '.repeat(maxManifestBytes + 1), 'libs/plugins/x/plugin.json').problems;
    expect(p.code).toBe('FARM_E004');
  });

  it('checks that configSchema is a JSON Schema', () => {
    const manifest = { name: '@farm/x', version: '1.0.0', description: 'd', author: 'a', license: 'MIT', farmVersion: '^1.0.0', configSchema: { type: 'object', properties: { a: { type: 'strnig' } } } };
    expect(loadManifest(JSON.stringify(manifest), 'libs/plugins/x/plugin.json').problems.map((p) => p.code)).toContain('FARM_E005');
  });

  it('wants the folder to be the short name', () => {
    const manifest = { name: '@farm/x', version: '1.0.0', description: 'd', author: 'a', license: 'MIT', farmVersion: '^1.0.0' };
    expect(loadManifest(JSON.stringify(manifest), 'libs/plugins/y/plugin.json').problems).toMatchObject([{ code: 'FARM_E006', pointer: '/name' }]);
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
