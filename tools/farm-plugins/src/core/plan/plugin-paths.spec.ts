import { posix } from 'node:path';
import { isPythonIdentifier } from '../emit/shared';
import { pythonModuleOf, relativeImport, resolvePluginPath } from './plugin-paths';

/** The straightforward versions the fast paths must agree with, byte for byte. */
const reference = {
  resolvePluginPath(root: string, path: string): { file: string } | { error: string } {
    if (path.includes('\0') || path.includes('\\')) return { error: `"${path}" contains a backslash or NUL` };
    if (posix.isAbsolute(path) || /^[A-Za-z]:/.test(path)) return { error: `"${path}" is absolute` };
    const normalized = posix.normalize(path);
    if (normalized === '..' || normalized.startsWith('../') || normalized.split('/').includes('..'))
      return { error: `"${path}" leaves the plugin folder` };
    if (normalized === '.' || normalized.endsWith('/')) return { error: `"${path}" is a folder, not a file` };
    return { file: posix.join(root, normalized) };
  },
  pythonModuleOf(root: string, file: string, alias: string): { module: string } | { error: string } {
    const inside = posix.relative(root, file);
    if (!inside.endsWith('.py')) return { error: `"${inside}" is not a .py file` };
    const parts = inside.slice(0, -3).split('/');
    if (parts[parts.length - 1] === '__init__') parts.pop();
    const bad = parts.find((p) => !isPythonIdentifier(p));
    if (bad !== undefined) return { error: `"${inside}": "${bad}" is not a Python module name` };
    return { module: ['farm_plugins', alias, ...parts].join('.') };
  },
  relativeImport(fromDir: string, file: string): string {
    const relative = posix.relative(fromDir, file);
    return relative.startsWith('.') ? relative : `./${relative}`;
  },
};

describe('plugin paths (fast paths agree with posix)', () => {
  const segments = [
    'a',
    'routers',
    'auth.py',
    'x.tsx',
    '__init__.py',
    '.',
    '..',
    '',
    '.hidden',
    'a b',
    'é',
    'c:',
    'x\\y',
    'n\0',
    '-',
    '@s',
    'a..b',
    'libs',
    'plugins',
  ];
  const paths: string[] = [];
  // Every path of up to three segments from the list, with and without a leading ./ or /.
  for (const a of segments) {
    paths.push(a, `./${a}`, `/${a}`);
    for (const b of segments) {
      paths.push(`${a}/${b}`, `./${a}/${b}`);
      if (segments.indexOf(a) < 8 && segments.indexOf(b) < 8)
        for (const c of segments.slice(0, 8)) paths.push(`${a}/${b}/${c}`);
    }
  }
  const roots = [
    'libs/plugins/auth',
    'libs/plugins/ai-chat/',
    'libs/./plugins/x',
    '.',
    '',
    '/abs/root',
    'libs/plugins/..',
  ];
  const dirs = [
    'apps/frontend/src/plugins',
    'apps/frontend/src/plugins/components',
    'libs/plugins/auth',
    'libs/plugins/auth/routers',
    '/abs',
    '.',
    'libs/plugins/../x',
  ];

  it('resolvePluginPath', () => {
    const cases = roots.flatMap((root) => paths.map((path) => [root, path] as const));
    expect(cases.map(([root, path]) => resolvePluginPath(root, path))).toEqual(
      cases.map(([root, path]) => reference.resolvePluginPath(root, path)),
    );
  });

  it('pythonModuleOf', () => {
    const cases = roots.flatMap((root) => paths.map((path) => [root, posix.join(root || '.', path)] as const));
    expect(cases.map(([root, file]) => pythonModuleOf(root, file, 'auth'))).toEqual(
      cases.map(([root, file]) => reference.pythonModuleOf(root, file, 'auth')),
    );
  });

  it('relativeImport', () => {
    const cases = dirs.flatMap((dir) =>
      roots.flatMap((root) => paths.map((path) => [dir, posix.join(root || '.', path)] as const)),
    );
    const expected = cases.map(([dir, file]) => reference.relativeImport(dir, file));
    // Twice: the second answers come from the memo.
    for (let i = 0; i < 2; i++) expect(cases.map(([dir, file]) => relativeImport(dir, file))).toEqual(expected);
  });
});
